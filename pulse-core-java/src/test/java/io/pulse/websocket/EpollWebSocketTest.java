package io.pulse.websocket;

import io.pulse.Transport;

class EpollWebSocketTest extends WebSocketSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

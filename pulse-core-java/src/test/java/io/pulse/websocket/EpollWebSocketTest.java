package io.pulse.websocket;

import io.pulse.Transport;

class EpollWebSocketTest extends WebSocketSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

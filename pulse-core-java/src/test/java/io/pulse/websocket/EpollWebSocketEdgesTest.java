package io.pulse.websocket;

import io.pulse.Transport;

class EpollWebSocketEdgesTest extends WebSocketEdgesSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

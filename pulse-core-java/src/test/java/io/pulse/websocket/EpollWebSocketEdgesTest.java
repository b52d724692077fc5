package io.pulse.websocket;

import io.pulse.Transport;

class EpollWebSocketEdgesTest extends WebSocketEdgesSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

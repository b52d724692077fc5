package io.pulse.websocket;

import io.pulse.Transport;

class UringWebSocketEdgesTest extends WebSocketEdgesSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

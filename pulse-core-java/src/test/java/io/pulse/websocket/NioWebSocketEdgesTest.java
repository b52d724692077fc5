package io.pulse.websocket;

import io.pulse.Transport;

class NioWebSocketEdgesTest extends WebSocketEdgesSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

package io.pulse.websocket;

import io.pulse.Transport;

class NioWebSocketEdgesTest extends WebSocketEdgesSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

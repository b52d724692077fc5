package io.pulse.websocket;

import io.pulse.Transport;

class NioWebSocketTest extends WebSocketSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

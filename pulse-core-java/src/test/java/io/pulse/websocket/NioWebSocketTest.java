package io.pulse.websocket;

import io.pulse.Transport;

class NioWebSocketTest extends WebSocketSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

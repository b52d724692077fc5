package io.pulse.websocket;

import io.pulse.Transport;

class UringWebSocketTest extends WebSocketSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

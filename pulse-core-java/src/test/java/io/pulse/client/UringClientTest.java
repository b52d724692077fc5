package io.pulse.client;

import io.pulse.Transport;

class UringClientTest extends ClientSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

package io.pulse.client;

import io.pulse.Transport;

class NioClientTest extends ClientSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

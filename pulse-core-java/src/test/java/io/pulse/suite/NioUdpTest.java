package io.pulse.suite;

import io.pulse.Transport;

class NioUdpTest extends UdpSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

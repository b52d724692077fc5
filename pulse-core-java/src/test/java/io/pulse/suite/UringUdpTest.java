package io.pulse.suite;

import io.pulse.Transport;

class UringUdpTest extends UdpSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

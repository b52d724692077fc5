package io.pulse.suite;

import io.pulse.Transport;

class KqueueUdpTest extends UdpSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

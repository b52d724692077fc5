package io.pulse.suite;

import io.pulse.Transport;

class KqueueUdpTest extends UdpSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

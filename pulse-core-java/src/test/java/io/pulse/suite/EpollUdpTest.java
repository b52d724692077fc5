package io.pulse.suite;

import io.pulse.Transport;

class EpollUdpTest extends UdpSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

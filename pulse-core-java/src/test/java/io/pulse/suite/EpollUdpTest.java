package io.pulse.suite;

import io.pulse.Transport;

class EpollUdpTest extends UdpSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

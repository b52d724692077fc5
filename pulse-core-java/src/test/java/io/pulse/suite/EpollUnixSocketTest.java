package io.pulse.suite;

import io.pulse.Transport;

class EpollUnixSocketTest extends UnixSocketSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

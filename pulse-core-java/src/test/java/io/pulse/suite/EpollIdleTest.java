package io.pulse.suite;

import io.pulse.Transport;

class EpollIdleTest extends IdleSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

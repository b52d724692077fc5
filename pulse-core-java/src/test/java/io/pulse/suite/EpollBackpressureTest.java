package io.pulse.suite;

import io.pulse.Transport;

class EpollBackpressureTest extends BackpressureSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

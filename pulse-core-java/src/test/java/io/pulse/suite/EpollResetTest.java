package io.pulse.suite;

import io.pulse.Transport;

class EpollResetTest extends ResetSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.core;

import io.pulse.Transport;

class EpollCorePollerTest extends CorePollerSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.core;

import io.pulse.Transport;

class EpollCorePollerTest extends CorePollerSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class EpollReleaseTest extends ReleaseSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class EpollReleaseTest extends ReleaseSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class EpollHalfCloseTest extends HalfCloseSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

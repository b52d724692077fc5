package io.pulse.suite;

import io.pulse.Transport;

class EpollHalfCloseTest extends HalfCloseSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

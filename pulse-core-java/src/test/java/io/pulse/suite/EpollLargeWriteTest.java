package io.pulse.suite;

import io.pulse.Transport;

class EpollLargeWriteTest extends LargeWriteSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

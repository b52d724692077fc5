package io.pulse.suite;

import io.pulse.Transport;

class EpollForeignWriteTest extends ForeignWriteSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

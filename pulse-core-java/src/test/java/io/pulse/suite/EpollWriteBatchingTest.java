package io.pulse.suite;

import io.pulse.Transport;

class EpollWriteBatchingTest extends WriteBatchingSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

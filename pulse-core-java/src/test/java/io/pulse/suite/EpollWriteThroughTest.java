package io.pulse.suite;

import io.pulse.Transport;

class EpollWriteThroughTest extends WriteThroughSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

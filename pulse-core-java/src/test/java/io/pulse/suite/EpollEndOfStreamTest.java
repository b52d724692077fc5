package io.pulse.suite;

import io.pulse.Transport;

class EpollEndOfStreamTest extends EndOfStreamSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class EpollManyConnectionsTest extends ManyConnectionsSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

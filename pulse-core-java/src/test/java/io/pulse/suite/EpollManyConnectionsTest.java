package io.pulse.suite;

import io.pulse.Transport;

class EpollManyConnectionsTest extends ManyConnectionsSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

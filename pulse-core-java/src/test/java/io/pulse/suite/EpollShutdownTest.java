package io.pulse.suite;

import io.pulse.Transport;

class EpollShutdownTest extends ShutdownSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

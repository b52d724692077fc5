package io.pulse.suite;

import io.pulse.Transport;

class EpollListenTest extends ListenSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class EpollListenTest extends ListenSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class EpollEchoTest extends EchoSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class EpollEchoTest extends EchoSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

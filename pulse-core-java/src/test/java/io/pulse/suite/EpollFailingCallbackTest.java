package io.pulse.suite;

import io.pulse.Transport;

class EpollFailingCallbackTest extends FailingCallbackSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

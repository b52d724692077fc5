package io.pulse.suite;

import io.pulse.Transport;

class EpollFailingCallbackTest extends FailingCallbackSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class EpollTaskModeTest extends TaskModeSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

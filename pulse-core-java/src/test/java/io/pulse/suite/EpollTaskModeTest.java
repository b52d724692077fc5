package io.pulse.suite;

import io.pulse.Transport;

class EpollTaskModeTest extends TaskModeSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.timers;

import io.pulse.Transport;

class EpollTimersTest extends TimersSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.timers;

import io.pulse.Transport;

class UringTimersTest extends TimersSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

package io.pulse.timers;

import io.pulse.Transport;

class NioTimersTest extends TimersSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

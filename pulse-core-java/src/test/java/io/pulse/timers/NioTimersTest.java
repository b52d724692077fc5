package io.pulse.timers;

import io.pulse.Transport;

class NioTimersTest extends TimersSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

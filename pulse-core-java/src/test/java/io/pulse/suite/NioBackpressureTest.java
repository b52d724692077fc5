package io.pulse.suite;

import io.pulse.Transport;

class NioBackpressureTest extends BackpressureSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

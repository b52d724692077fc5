package io.pulse.suite;

import io.pulse.Transport;

class NioBackpressureTest extends BackpressureSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

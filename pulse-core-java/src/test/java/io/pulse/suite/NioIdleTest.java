package io.pulse.suite;

import io.pulse.Transport;

class NioIdleTest extends IdleSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

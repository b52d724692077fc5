package io.pulse.suite;

import io.pulse.Transport;

class NioResetTest extends ResetSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

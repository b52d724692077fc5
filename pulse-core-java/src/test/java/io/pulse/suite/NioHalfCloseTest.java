package io.pulse.suite;

import io.pulse.Transport;

class NioHalfCloseTest extends HalfCloseSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

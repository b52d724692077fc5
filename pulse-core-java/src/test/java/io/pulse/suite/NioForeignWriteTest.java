package io.pulse.suite;

import io.pulse.Transport;

class NioForeignWriteTest extends ForeignWriteSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

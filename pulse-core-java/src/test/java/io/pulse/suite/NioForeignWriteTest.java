package io.pulse.suite;

import io.pulse.Transport;

class NioForeignWriteTest extends ForeignWriteSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

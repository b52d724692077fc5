package io.pulse.suite;

import io.pulse.Transport;

class NioLargeWriteTest extends LargeWriteSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

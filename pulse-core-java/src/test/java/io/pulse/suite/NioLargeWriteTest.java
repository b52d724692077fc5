package io.pulse.suite;

import io.pulse.Transport;

class NioLargeWriteTest extends LargeWriteSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

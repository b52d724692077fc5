package io.pulse.suite;

import io.pulse.Transport;

class NioWriteThroughTest extends WriteThroughSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

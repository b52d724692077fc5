package io.pulse.suite;

import io.pulse.Transport;

class NioEndOfStreamTest extends EndOfStreamSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

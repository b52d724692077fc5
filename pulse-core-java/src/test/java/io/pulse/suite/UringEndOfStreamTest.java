package io.pulse.suite;

import io.pulse.Transport;

class UringEndOfStreamTest extends EndOfStreamSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

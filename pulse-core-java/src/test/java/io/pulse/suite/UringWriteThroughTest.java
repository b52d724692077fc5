package io.pulse.suite;

import io.pulse.Transport;

class UringWriteThroughTest extends WriteThroughSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

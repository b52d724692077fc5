package io.pulse.suite;

import io.pulse.Transport;

class UringLargeWriteTest extends LargeWriteSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

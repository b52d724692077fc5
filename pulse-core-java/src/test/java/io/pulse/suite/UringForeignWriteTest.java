package io.pulse.suite;

import io.pulse.Transport;

class UringForeignWriteTest extends ForeignWriteSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class UringHalfCloseTest extends HalfCloseSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

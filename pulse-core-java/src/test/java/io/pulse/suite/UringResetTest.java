package io.pulse.suite;

import io.pulse.Transport;

class UringResetTest extends ResetSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

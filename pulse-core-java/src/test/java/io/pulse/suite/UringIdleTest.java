package io.pulse.suite;

import io.pulse.Transport;

class UringIdleTest extends IdleSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class UringBackpressureTest extends BackpressureSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

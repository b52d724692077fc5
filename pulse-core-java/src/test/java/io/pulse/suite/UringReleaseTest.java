package io.pulse.suite;

import io.pulse.Transport;

class UringReleaseTest extends ReleaseSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class UringShutdownTest extends ShutdownSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

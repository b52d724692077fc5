package io.pulse.core;

import io.pulse.Transport;

class UringCorePollerTest extends CorePollerSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

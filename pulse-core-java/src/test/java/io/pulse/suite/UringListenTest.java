package io.pulse.suite;

import io.pulse.Transport;

class UringListenTest extends ListenSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

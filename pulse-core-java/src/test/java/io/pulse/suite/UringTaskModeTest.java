package io.pulse.suite;

import io.pulse.Transport;

class UringTaskModeTest extends TaskModeSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class NioTaskModeTest extends TaskModeSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

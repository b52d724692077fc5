package io.pulse.suite;

import io.pulse.Transport;

class NioShutdownTest extends ShutdownSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

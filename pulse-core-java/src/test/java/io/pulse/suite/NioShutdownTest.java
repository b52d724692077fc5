package io.pulse.suite;

import io.pulse.Transport;

class NioShutdownTest extends ShutdownSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

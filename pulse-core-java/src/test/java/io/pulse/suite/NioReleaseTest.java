package io.pulse.suite;

import io.pulse.Transport;

class NioReleaseTest extends ReleaseSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

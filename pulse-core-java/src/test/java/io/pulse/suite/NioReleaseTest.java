package io.pulse.suite;

import io.pulse.Transport;

class NioReleaseTest extends ReleaseSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class NioListenTest extends ListenSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

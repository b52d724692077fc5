package io.pulse.suite;

import io.pulse.Transport;

class NioUnixSocketTest extends UnixSocketSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

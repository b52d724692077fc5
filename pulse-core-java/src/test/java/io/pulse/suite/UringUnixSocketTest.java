package io.pulse.suite;

import io.pulse.Transport;

class UringUnixSocketTest extends UnixSocketSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

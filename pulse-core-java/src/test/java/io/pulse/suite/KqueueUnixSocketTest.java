package io.pulse.suite;

import io.pulse.Transport;

class KqueueUnixSocketTest extends UnixSocketSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

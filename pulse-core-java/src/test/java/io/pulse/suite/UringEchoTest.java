package io.pulse.suite;

import io.pulse.Transport;

class UringEchoTest extends EchoSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

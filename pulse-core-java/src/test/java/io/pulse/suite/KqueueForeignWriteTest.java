package io.pulse.suite;

import io.pulse.Transport;

class KqueueForeignWriteTest extends ForeignWriteSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

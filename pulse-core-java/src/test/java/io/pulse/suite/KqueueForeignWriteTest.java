package io.pulse.suite;

import io.pulse.Transport;

class KqueueForeignWriteTest extends ForeignWriteSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

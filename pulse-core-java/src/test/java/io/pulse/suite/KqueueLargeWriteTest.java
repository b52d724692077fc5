package io.pulse.suite;

import io.pulse.Transport;

class KqueueLargeWriteTest extends LargeWriteSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

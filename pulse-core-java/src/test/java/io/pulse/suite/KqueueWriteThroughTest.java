package io.pulse.suite;

import io.pulse.Transport;

class KqueueWriteThroughTest extends WriteThroughSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class KqueueEndOfStreamTest extends EndOfStreamSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

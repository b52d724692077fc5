package io.pulse.suite;

import io.pulse.Transport;

class KqueueWriteBatchingTest extends WriteBatchingSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

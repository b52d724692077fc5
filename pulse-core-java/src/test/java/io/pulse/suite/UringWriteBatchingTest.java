package io.pulse.suite;

import io.pulse.Transport;

class UringWriteBatchingTest extends WriteBatchingSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

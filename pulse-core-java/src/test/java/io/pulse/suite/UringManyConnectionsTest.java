package io.pulse.suite;

import io.pulse.Transport;

class UringManyConnectionsTest extends ManyConnectionsSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class KqueueManyConnectionsTest extends ManyConnectionsSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

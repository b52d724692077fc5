package io.pulse.suite;

import io.pulse.Transport;

class KqueueManyConnectionsTest extends ManyConnectionsSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

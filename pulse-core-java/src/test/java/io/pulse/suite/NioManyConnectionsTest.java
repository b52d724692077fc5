package io.pulse.suite;

import io.pulse.Transport;

class NioManyConnectionsTest extends ManyConnectionsSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

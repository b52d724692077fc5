package io.pulse.suite;

import io.pulse.Transport;

class NioWriteBatchingTest extends WriteBatchingSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

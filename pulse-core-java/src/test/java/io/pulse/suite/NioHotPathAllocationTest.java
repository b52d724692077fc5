package io.pulse.suite;

import io.pulse.Transport;

class NioHotPathAllocationTest extends HotPathAllocationSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

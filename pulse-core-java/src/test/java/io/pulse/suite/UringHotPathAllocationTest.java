package io.pulse.suite;

import io.pulse.Transport;

class UringHotPathAllocationTest extends HotPathAllocationSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

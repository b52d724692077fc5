package io.pulse.suite;

import io.pulse.Transport;

class KqueueHotPathAllocationTest extends HotPathAllocationSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

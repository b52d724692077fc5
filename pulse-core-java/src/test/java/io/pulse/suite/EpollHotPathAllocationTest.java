package io.pulse.suite;

import io.pulse.Transport;

class EpollHotPathAllocationTest extends HotPathAllocationSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

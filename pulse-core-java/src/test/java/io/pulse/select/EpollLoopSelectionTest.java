package io.pulse.select;

import io.pulse.Transport;

class EpollLoopSelectionTest extends LoopSelectionSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

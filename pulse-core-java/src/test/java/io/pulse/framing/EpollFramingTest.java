package io.pulse.framing;

import io.pulse.Transport;

class EpollFramingTest extends FramingSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

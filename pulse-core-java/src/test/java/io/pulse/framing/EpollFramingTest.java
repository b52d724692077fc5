package io.pulse.framing;

import io.pulse.Transport;

class EpollFramingTest extends FramingSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

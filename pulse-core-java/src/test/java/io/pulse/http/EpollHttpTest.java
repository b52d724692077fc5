package io.pulse.http;

import io.pulse.Transport;

class EpollHttpTest extends HttpSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

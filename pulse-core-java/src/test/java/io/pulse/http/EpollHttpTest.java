package io.pulse.http;

import io.pulse.Transport;

class EpollHttpTest extends HttpSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.http;

import io.pulse.Transport;

class EpollHttpHardeningTest extends HttpHardeningSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.http;

import io.pulse.Transport;

class EpollHttpHardeningTest extends HttpHardeningSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.client;

import io.pulse.Transport;

class EpollClientTest extends ClientSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }
}

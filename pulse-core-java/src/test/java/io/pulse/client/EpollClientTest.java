package io.pulse.client;

import io.pulse.Transport;

class EpollClientTest extends ClientSuite {
  @Override
  protected Transport transport() {
    return Transport.EPOLL;
  }
}

package io.pulse.http;

import io.pulse.Transport;

class NioHttpHardeningTest extends HttpHardeningSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

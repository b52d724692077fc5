package io.pulse.http;

import io.pulse.Transport;

class NioHttpHardeningTest extends HttpHardeningSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

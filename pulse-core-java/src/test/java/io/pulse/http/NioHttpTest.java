package io.pulse.http;

import io.pulse.Transport;

class NioHttpTest extends HttpSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

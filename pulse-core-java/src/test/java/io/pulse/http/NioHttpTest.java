package io.pulse.http;

import io.pulse.Transport;

class NioHttpTest extends HttpSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

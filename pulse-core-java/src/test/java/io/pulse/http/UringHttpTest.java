package io.pulse.http;

import io.pulse.Transport;

class UringHttpTest extends HttpSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

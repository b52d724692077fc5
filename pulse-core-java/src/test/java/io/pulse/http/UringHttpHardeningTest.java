package io.pulse.http;

import io.pulse.Transport;

class UringHttpHardeningTest extends HttpHardeningSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

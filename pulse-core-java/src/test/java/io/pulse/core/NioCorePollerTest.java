package io.pulse.core;

import io.pulse.Transport;

class NioCorePollerTest extends CorePollerSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

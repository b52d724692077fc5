package io.pulse.core;

import io.pulse.Transport;

class NioCorePollerTest extends CorePollerSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

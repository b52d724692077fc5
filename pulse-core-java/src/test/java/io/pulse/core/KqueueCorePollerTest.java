package io.pulse.core;

import io.pulse.Transport;

class KqueueCorePollerTest extends CorePollerSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

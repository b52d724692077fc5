package io.pulse.suite;

import io.pulse.Transport;

class KqueueIdleTest extends IdleSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

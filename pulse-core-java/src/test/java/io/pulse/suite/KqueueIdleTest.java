package io.pulse.suite;

import io.pulse.Transport;

class KqueueIdleTest extends IdleSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

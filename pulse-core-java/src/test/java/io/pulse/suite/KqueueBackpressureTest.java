package io.pulse.suite;

import io.pulse.Transport;

class KqueueBackpressureTest extends BackpressureSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

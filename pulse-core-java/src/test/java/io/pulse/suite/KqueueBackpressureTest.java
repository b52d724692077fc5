package io.pulse.suite;

import io.pulse.Transport;

class KqueueBackpressureTest extends BackpressureSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

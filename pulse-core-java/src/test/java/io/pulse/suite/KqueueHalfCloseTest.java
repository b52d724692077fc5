package io.pulse.suite;

import io.pulse.Transport;

class KqueueHalfCloseTest extends HalfCloseSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

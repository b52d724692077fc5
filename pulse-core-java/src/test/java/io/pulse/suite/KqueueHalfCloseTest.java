package io.pulse.suite;

import io.pulse.Transport;

class KqueueHalfCloseTest extends HalfCloseSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class KqueueResetTest extends ResetSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class KqueueReleaseTest extends ReleaseSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

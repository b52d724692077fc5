package io.pulse.suite;

import io.pulse.Transport;

class KqueueShutdownTest extends ShutdownSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

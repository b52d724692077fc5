package io.pulse.suite;

import io.pulse.Transport;

class KqueueShutdownTest extends ShutdownSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class KqueueEchoTest extends EchoSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

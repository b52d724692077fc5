package io.pulse.suite;

import io.pulse.Transport;

class KqueueEchoTest extends EchoSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

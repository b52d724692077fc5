package io.pulse.suite;

import io.pulse.Transport;

class KqueueListenTest extends ListenSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

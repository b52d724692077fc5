package io.pulse.core;

import io.pulse.Transport;

class KqueueCorePollerTest extends CorePollerSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class KqueueFailingCallbackTest extends FailingCallbackSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

package io.pulse.suite;

import io.pulse.Transport;

class KqueueFailingCallbackTest extends FailingCallbackSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

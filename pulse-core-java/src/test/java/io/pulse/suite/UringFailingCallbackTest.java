package io.pulse.suite;

import io.pulse.Transport;

class UringFailingCallbackTest extends FailingCallbackSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

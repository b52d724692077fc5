package io.pulse.suite;

import io.pulse.Transport;

class NioFailingCallbackTest extends FailingCallbackSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

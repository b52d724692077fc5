package io.pulse.suite;

import io.pulse.Transport;

class NioFailingCallbackTest extends FailingCallbackSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

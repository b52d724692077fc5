package io.pulse.suite;

import io.pulse.Transport;

class NioEchoTest extends EchoSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

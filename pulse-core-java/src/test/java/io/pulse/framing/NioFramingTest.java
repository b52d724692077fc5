package io.pulse.framing;

import io.pulse.Transport;

class NioFramingTest extends FramingSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

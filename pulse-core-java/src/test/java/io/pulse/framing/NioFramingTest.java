package io.pulse.framing;

import io.pulse.Transport;

class NioFramingTest extends FramingSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }
}

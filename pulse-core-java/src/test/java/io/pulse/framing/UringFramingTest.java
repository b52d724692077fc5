package io.pulse.framing;

import io.pulse.Transport;

class UringFramingTest extends FramingSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

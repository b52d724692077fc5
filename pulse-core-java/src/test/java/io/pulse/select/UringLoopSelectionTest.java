package io.pulse.select;

import io.pulse.Transport;

class UringLoopSelectionTest extends LoopSelectionSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }
}

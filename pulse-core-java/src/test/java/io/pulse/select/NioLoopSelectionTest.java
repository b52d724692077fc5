package io.pulse.select;

import io.pulse.Transport;

class NioLoopSelectionTest extends LoopSelectionSuite {
  @Override
  protected Transport transport() {
    return Transport.NIO;
  }
}

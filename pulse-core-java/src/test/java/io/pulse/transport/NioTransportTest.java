package io.pulse.transport;

import io.pulse.Transport;
import io.pulse.TriggerType;

class NioTransportTest extends TransportSuite {
  @Override
  Transport transport() {
    return Transport.NIO;
  }

  @Override
  TriggerType trigger() {
    return TriggerType.LEVEL;
  }
}

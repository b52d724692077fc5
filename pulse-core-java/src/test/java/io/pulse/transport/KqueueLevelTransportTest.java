package io.pulse.transport;

import io.pulse.Transport;
import io.pulse.TriggerType;

class KqueueLevelTransportTest extends TransportSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }

  @Override
  TriggerType trigger() {
    return TriggerType.LEVEL;
  }
}

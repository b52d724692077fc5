package io.pulse.transport;

import io.pulse.Transport;
import io.pulse.TriggerType;

class EpollLevelTransportTest extends TransportSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }

  @Override
  TriggerType trigger() {
    return TriggerType.LEVEL;
  }
}

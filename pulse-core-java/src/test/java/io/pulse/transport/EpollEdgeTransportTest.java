package io.pulse.transport;

import io.pulse.Transport;
import io.pulse.TriggerType;

class EpollEdgeTransportTest extends TransportSuite {
  @Override
  Transport transport() {
    return Transport.EPOLL;
  }

  @Override
  TriggerType trigger() {
    return TriggerType.EDGE;
  }
}

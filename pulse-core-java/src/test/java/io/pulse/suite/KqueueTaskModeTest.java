package io.pulse.suite;

import io.pulse.Transport;

class KqueueTaskModeTest extends TaskModeSuite {
  @Override
  Transport transport() {
    return Transport.KQUEUE;
  }
}

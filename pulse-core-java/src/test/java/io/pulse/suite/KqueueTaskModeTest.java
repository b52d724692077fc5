package io.pulse.suite;

import io.pulse.Transport;

class KqueueTaskModeTest extends TaskModeSuite {
  @Override
  protected Transport transport() {
    return Transport.KQUEUE;
  }
}

package io.pulse.websocket;

import io.pulse.Transport;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class UringWebSocketEdgesTest extends WebSocketEdgesSuite {
  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }

  @Override
  @Test
  @Disabled("known bug, issue 21: on IO_URING an immediate close() under WORKER_POOL loses the 1001 close frame in"
      + " about half the runs on JDK 25 (the client sees 1006). Suspected: the frame is written by the worker that"
      + " is still sending the echo, reaches the loop after closeAllConns, and is refused; not yet confirmed")
  void immediateCloseStillSends1001OnWorkerPool() throws Exception {
    super.immediateCloseStillSends1001OnWorkerPool();
  }
}

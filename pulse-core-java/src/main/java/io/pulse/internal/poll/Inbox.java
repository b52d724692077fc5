package io.pulse.internal.poll;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Bytes a completion-based poller (io_uring's multishot recv) already received for one socket, waiting for its
 * reader. Loop thread only.
 */
public interface Inbox {
  /**
   * Moves up to {@code length} received bytes into {@code dst} from index 0 ({@code address} is its base): the
   * count, 0 at end of stream, or -1 when nothing has arrived; throws the receive's error, naming the call.
   */
  int take(ByteBuffer dst, long address, int length) throws IOException;
}

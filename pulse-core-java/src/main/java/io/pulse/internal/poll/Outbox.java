package io.pulse.internal.poll;

import io.pulse.internal.buffer.OutboundBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Output a completion-based poller (io_uring) sends for one socket, one send in flight at a time: the bytes are
 * read in place from the writer's queue (or gathered into a send slot when they span its chunks), submitted with
 * the loop's next turn, and confirmed when the send completes (then the writer is told WRITE); the writer consumes
 * nothing before that. Loop thread only.
 */
public interface Outbox {
  /** {@link #send} needed a send slot and found none free: write with a plain call instead. */
  long NO_SLOT = -2;

  /**
   * A direct write of {@code length} bytes of {@code src} from {@code offset}: -1 (nothing written: queue them, and
   * {@link #send(OutboundBuffer)} sends the queue at the turn's end), or {@link #NO_SLOT}. Throws the error of a
   * failed earlier send.
   */
  long send(ByteBuffer src, int offset, int length) throws IOException;

  /**
   * The bytes of {@code out}'s head the last send confirmed (the caller consumes them), else starts sending the
   * head and returns -1 while that is in flight; or {@link #NO_SLOT}. Throws the error of a failed send.
   */
  long send(OutboundBuffer out) throws IOException;

  /**
   * The socket is about to close (its deregistration follows): consumes from {@code out} what the last send
   * confirmed, and what the send in flight covers (left to finish, as a plain write leaves its bytes with the
   * kernel, instead of being cancelled); drops the send asked for this turn and not yet started. Returns the bytes
   * consumed; 0 after a failed send. Then, if nothing is {@link #sending}, the rest may go with plain calls.
   */
  long handOver(OutboundBuffer out);

  /** True while a send is in flight: nothing may be written behind it. */
  boolean sending();
}

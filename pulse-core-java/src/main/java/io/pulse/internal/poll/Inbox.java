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

  /**
   * Lends the oldest received bytes without copying them: as {@link #take}, but when they fill one received buffer
   * of at most {@code length} bytes, that buffer itself holds them, at [0, count) of {@link #lent()}; else they
   * were copied into {@code dst} and {@code lent()} is null. What was lent stays valid until the next lend or
   * {@link #giveBack}, which the reader calls once it has no use for the bytes any more.
   */
  int lend(ByteBuffer dst, long address, int length) throws IOException;

  /** The buffer the last {@link #lend} lent, in native byte order; null when it copied into its {@code dst}. */
  ByteBuffer lent();

  /** {@link #lent()} in big-endian order (for codecs); null when that is null. */
  ByteBuffer lentBigEndian();

  /** Gives back what the last {@link #lend} lent (the kernel may fill it again); idempotent. */
  void giveBack();

  /** True if a {@link #lend} now would find something: bytes, the end of the stream, or an error. */
  boolean hasInput();
}

package io.pulse.internal.loop;

/**
 * Counters one event loop keeps for its connections. Written only by the loop thread as plain fields (nothing on
 * the hot path but an add); other threads read recent, not exact-to-the-nanosecond, values.
 */
public final class LoopStats {
  public long bytesIn;
  public long bytesOut;
  /** Reads that delivered data (each one onData call on a raw connection). */
  public long reads;
  /**
   * Socket reads made for connections (read system calls, NIO reads, io_uring inbox takes), also those that found
   * nothing (EAGAIN) or the end of stream.
   */
  public long socketReads;
  /** Write calls accepted. */
  public long writes;
  /** write/writev system calls (or NIO writes) made for connections: fewer than {@link #writes} when batched. */
  public long socketWrites;
}

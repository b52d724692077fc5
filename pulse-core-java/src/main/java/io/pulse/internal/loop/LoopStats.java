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
  /** read system calls (or NIO reads) made for connections, also those that found nothing (EAGAIN) or the EOF. */
  public long socketReads;
  /** Write calls accepted. */
  public long writes;
  /** write/writev system calls (or NIO writes) made for connections: fewer than {@link #writes} when batched. */
  public long socketWrites;
}

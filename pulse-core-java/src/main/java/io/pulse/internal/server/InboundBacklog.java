package io.pulse.internal.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Bytes (and message weights) read on the loop and handed to worker threads but not yet consumed there: above
 * the high water mark the connection stops reading until the workers bring it down to the low one. Any thread.
 */
final class InboundBacklog {
  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(InboundBacklog.class, "count", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int highWaterMark;
  private final int lowWaterMark;
  private volatile long count;
  private volatile boolean paused;

  InboundBacklog(int highWaterMark, int lowWaterMark) {
    this.highWaterMark = highWaterMark;
    this.lowWaterMark = lowWaterMark;
  }

  /** Counts {@code n} handed over; true once when reading must pause. Loop thread. */
  boolean added(int n) {
    long now = (long) COUNT.getAndAdd(this, (long) n) + n;
    if (now > highWaterMark && !paused) {
      paused = true;
      return true;
    }
    return false;
  }

  /** {@code n} were consumed; true if reading may resume (confirm on the loop with {@link #resume}). Any thread. */
  boolean consumed(int n) {
    long now = (long) COUNT.getAndAdd(this, (long) -n) - n;
    return paused && now <= lowWaterMark;
  }

  /** True once when a paused connection may read again. Loop thread. */
  boolean resume() {
    if (paused && count <= lowWaterMark) {
      paused = false;
      return true;
    }
    return false;
  }
}

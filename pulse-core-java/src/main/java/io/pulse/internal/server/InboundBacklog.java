package io.pulse.internal.server;

import io.pulse.internal.loop.EventLoop;
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
  private final ReadGate gate;
  private final EventLoop loop;
  private final Runnable resume = this::resume;
  private volatile long count;
  private volatile boolean paused;

  InboundBacklog(int highWaterMark, int lowWaterMark, ReadGate gate, EventLoop loop) {
    this.highWaterMark = highWaterMark;
    this.lowWaterMark = lowWaterMark;
    this.gate = gate;
    this.loop = loop;
  }

  /** Counts {@code n} handed to a worker; pauses reading above the high water mark. Loop thread. */
  void added(int n) {
    long now = (long) COUNT.getAndAdd(this, (long) n) + n;
    if (now > highWaterMark && !paused) {
      paused = true;
      gate.pause(ReadGate.INBOUND_BACKLOG);
    }
  }

  /** A worker consumed {@code n}; at the low water mark reading resumes (on the loop). Any thread. */
  void consumed(int n) {
    long now = (long) COUNT.getAndAdd(this, (long) -n) - n;
    if (paused && now <= lowWaterMark) loop.execute(resume);
  }

  private void resume() {
    if (paused && count <= lowWaterMark) {
      paused = false;
      gate.resume(ReadGate.INBOUND_BACKLOG);
    }
  }
}

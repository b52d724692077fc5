package io.pulse.internal.loop;

import io.pulse.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A one-shot or repeating task on an event loop's {@link TimerWheel}; cancellable from any thread. */
final class LoopTimer implements Timer, Runnable {
  private static final Logger log = LoggerFactory.getLogger(LoopTimer.class);

  private final EventLoop loop;
  private final Runnable task;
  private final long periodNanos;
  private long deadlineNanos;
  private long id = -1;
  private volatile boolean cancelled;

  LoopTimer(EventLoop loop, Runnable task, long delayNanos, long periodNanos) {
    this.loop = loop;
    this.task = task;
    this.periodNanos = periodNanos;
    this.deadlineNanos = System.nanoTime() + delayNanos;
  }

  /** Puts the timer on the wheel. Loop thread. */
  void arm(TimerWheel wheel) {
    if (!cancelled) id = wheel.schedule(deadlineNanos, this);
  }

  @Override
  public void run() {
    id = -1;
    if (cancelled) return;
    try {
      task.run();
    } catch (Throwable t) {
      log.error("timer task failed{}", periodNanos > 0 ? "; it keeps its schedule" : "", t);
    }
    if (periodNanos > 0 && !cancelled) {
      long now = System.nanoTime();
      deadlineNanos += periodNanos;
      if (deadlineNanos - now < 0) deadlineNanos = now + periodNanos; // fell behind: don't fire in a burst
      loop.armTimer(this);
    }
  }

  @Override
  public boolean cancel() {
    if (cancelled) return false;
    cancelled = true;
    loop.execute(() -> {
      if (id != -1) loop.disarmTimer(id);
      id = -1;
    });
    return true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }
}

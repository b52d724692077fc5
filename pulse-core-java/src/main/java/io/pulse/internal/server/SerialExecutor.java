package io.pulse.internal.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks one at a time, in order, on a shared executor: a drain task is submitted only
 * when none is running, and yields after a batch so one busy connection cannot hold a worker forever.
 */
final class SerialExecutor implements Executor, Runnable {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private static final int BATCH = 64;

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;

  SerialExecutor(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        log.warn("callback executor rejected a task (shutting down?); running it on the caller", e);
        run();
      }
    }
  }

  @Override
  public void run() {
    try {
      Runnable r;
      for (int i = 0; i < BATCH && (r = queue.poll()) != null; i++) {
        try {
          r.run();
        } catch (Throwable t) {
          log.error("connection task failed", t);
        }
      }
    } finally {
      scheduled.set(false);
      if (!queue.isEmpty()) schedule();
    }
  }
}

package io.pulse;

/** A task scheduled on an event loop with {@code runAfter} or {@code runEvery}. */
public interface Timer {

  /** Stops the task from running (again); false if it was already cancelled. Any thread. */
  boolean cancel();

  /** True once {@link #cancel()} was called. */
  boolean isCancelled();
}

package io.pulse.internal.loop;

import java.util.PriorityQueue;

/** Loop-owned one-shot deadlines (back-off and shutdown chores); the timers issue brings a wheel. */
final class Timers {
  private static final class Entry implements Comparable<Entry> {
    final long deadlineNanos;
    final long seq;
    final Runnable task;

    Entry(long deadlineNanos, long seq, Runnable task) {
      this.deadlineNanos = deadlineNanos;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long seq;

  void add(long deadlineNanos, Runnable task) {
    queue.add(new Entry(deadlineNanos, seq++, task));
  }

  /** Milliseconds until the next deadline (at least 1 if one is pending and not due), or -1 if none. */
  int millisUntilNext(long nowNanos) {
    Entry e = queue.peek();
    if (e == null) return -1;
    long d = e.deadlineNanos - nowNanos;
    if (d <= 0) return 0;
    return (int) Math.min(Integer.MAX_VALUE, (d + 999_999) / 1_000_000);
  }

  /** The next due task, or null. */
  Runnable pollDue(long nowNanos) {
    Entry e = queue.peek();
    if (e == null || e.deadlineNanos - nowNanos > 0) return null;
    return queue.poll().task;
  }
}

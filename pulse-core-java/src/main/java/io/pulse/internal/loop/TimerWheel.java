package io.pulse.internal.loop;

import java.util.Arrays;

/**
 * A hashed timer wheel: 1,024 spokes of ~1 ms (2^20 ns) each; a spoke holds parallel arrays of deadlines and
 * tasks that grow as needed. A timer id is {@code spoke << 32 | slot}, so cancel is O(1) and there is no object
 * per timer beyond its task. Loop thread only.
 */
public final class TimerWheel {
  static final int TICK_SHIFT = 20;
  private static final int SPOKES = 1024;
  private static final int MASK = SPOKES - 1;
  private static final long EMPTY = Long.MIN_VALUE;

  private final long[][] deadlines = new long[SPOKES][];
  private final Runnable[][] tasks = new Runnable[SPOKES][];
  private final int[] spokeCount = new int[SPOKES];
  private long currentTick;
  private int count;

  /** An empty wheel whose current tick is {@code nowNanos} (System.nanoTime base). */
  public TimerWheel(long nowNanos) {
    currentTick = nowNanos >> TICK_SHIFT;
  }

  /** Pending timers. */
  public int size() {
    return count;
  }

  /** Adds {@code task} to run at {@code deadlineNanos} (System.nanoTime base); returns its id. */
  public long schedule(long deadlineNanos, Runnable task) {
    long tick = Math.max(deadlineNanos >> TICK_SHIFT, currentTick);
    int spoke = (int) (tick & MASK);
    long[] d = deadlines[spoke];
    if (d == null) {
      d = deadlines[spoke] = new long[4];
      Arrays.fill(d, EMPTY);
      tasks[spoke] = new Runnable[4];
    }
    int slot = 0;
    while (slot < d.length && d[slot] != EMPTY) slot++;
    if (slot == d.length) {
      d = deadlines[spoke] = Arrays.copyOf(d, d.length * 2);
      Arrays.fill(d, slot, d.length, EMPTY);
      tasks[spoke] = Arrays.copyOf(tasks[spoke], d.length);
    }
    d[slot] = deadlineNanos;
    tasks[spoke][slot] = task;
    spokeCount[spoke]++;
    count++;
    return ((long) spoke << 32) | slot;
  }

  /** Removes a pending timer; false if it already ran or was cancelled. */
  public boolean cancel(long id) {
    int spoke = (int) (id >>> 32);
    int slot = (int) id;
    long[] d = deadlines[spoke];
    if (d == null || slot >= d.length || d[slot] == EMPTY) return false;
    clear(spoke, slot);
    return true;
  }

  private void clear(int spoke, int slot) {
    deadlines[spoke][slot] = EMPTY;
    tasks[spoke][slot] = null;
    spokeCount[spoke]--;
    count--;
  }

  /** Runs every task whose deadline is at or before {@code nowNanos}; returns how many ran. */
  public int expire(long nowNanos) {
    if (count == 0) {
      currentTick = nowNanos >> TICK_SHIFT;
      return 0;
    }
    long nowTick = nowNanos >> TICK_SHIFT;
    long spokesToVisit = Math.min(nowTick - currentTick + 1, SPOKES);
    int ran = 0;
    for (long i = 0; i < spokesToVisit; i++) {
      int spoke = (int) ((currentTick + i) & MASK);
      if (spokeCount[spoke] == 0) continue;
      for (int slot = 0; slot < deadlines[spoke].length; slot++) {
        long deadline = deadlines[spoke][slot];
        if (deadline == EMPTY || deadline - nowNanos > 0) continue;
        Runnable task = tasks[spoke][slot];
        clear(spoke, slot);
        task.run(); // may schedule more timers, even into this spoke: they are due later
        ran++;
      }
    }
    currentTick = nowTick;
    return ran;
  }

  private long earliestIn(int spoke) {
    long min = Long.MAX_VALUE;
    for (long d : deadlines[spoke]) if (d != EMPTY && d < min) min = d;
    return min;
  }

  /**
   * Milliseconds until the next non-empty spoke is due (at least 1), 0 if one may be due already, or -1 when no
   * timer is pending. Scans from the last expired tick, so nothing due since then is overlooked.
   */
  public int millisUntilNext(long nowNanos) {
    if (count == 0) return -1;
    long nowTick = nowNanos >> TICK_SHIFT;
    for (int i = 0; i < SPOKES; i++) {
      long tick = currentTick + i;
      int spoke = (int) (tick & MASK);
      if (spokeCount[spoke] == 0) continue;
      if (tick < nowTick) return 0;
      long dueNanos = tick << TICK_SHIFT;
      if (tick == nowTick) { // the current tick: due now, or wait for its earliest entry or the next tick
        dueNanos = Math.min(earliestIn(spoke), (nowTick + 1) << TICK_SHIFT);
        if (dueNanos - nowNanos <= 0) return 0;
      }
      return (int) Math.max(1, (dueNanos - nowNanos + 999_999) / 1_000_000);
    }
    return 1;
  }

}

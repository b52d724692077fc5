package io.pulse.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Polls a condition against a deadline: for state with no event to wait on (counters, fds, threads, children). */
public final class Await {
  private static final long POLL_MILLIS = 5;

  private Await() {}

  /** Returns once {@code condition} holds; fails with {@code what} if it still does not after {@code timeout}. */
  public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what)
      throws InterruptedException {
    if (!within(condition, timeout)) fail("still not true after " + timeout + ": " + what.get());
  }

  /** True once {@code condition} holds, false if it still does not after {@code timeout}. */
  public static boolean within(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) return false;
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }

  /**
   * Waits until {@code counter} has not moved for {@code quiet} (a producer that stopped making progress) and
   * returns its value; fails if it keeps moving until {@code timeout}.
   */
  public static long stalled(LongSupplier counter, Duration quiet, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = counter.getAsLong();
    long since = System.nanoTime();
    while (true) {
      Thread.sleep(POLL_MILLIS);
      long now = counter.getAsLong();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= quiet.toNanos()) {
        return now;
      }
      if (System.nanoTime() - deadline > 0) fail("still moving after " + timeout + " (at " + now + ")");
    }
  }
}

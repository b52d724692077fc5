package io.pulse.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition against a deadline, for state with no event to wait on (counters, fds, child processes). */
final class Waits {
  private Waits() {}

  /** Returns once {@code condition} holds; fails with {@code what} if it still does not after {@code timeout}. */
  static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what) throws InterruptedException {
    if (!within(condition, timeout)) fail("still not true after " + timeout + ": " + what.get());
  }

  /** True once {@code condition} holds, false if it still does not after {@code timeout}. */
  static boolean within(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) return false;
      Thread.sleep(10);
    }
    return true;
  }
}

package io.pulse.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;

/** Counts this process's open file descriptors (Linux /proc/self/fd). */
public final class Fds {
  private Fds() {}

  public static long count() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /** Waits (bounded) until at most {@code max} fds are open; the kernel may take a moment to release. */
  public static void awaitAtMost(long max, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long n;
    while ((n = count()) > max) {
      assertTrue(System.nanoTime() < deadline, "fds: " + n + ", expected at most " + max);
      Thread.sleep(20);
    }
  }
}

package io.pulse.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** NamedThreads remembers only live threads: a pool whose idle threads retire must not leave them behind. */
class NamedThreadsTest {

  @Test
  void retiredPoolThreadsAreForgotten() throws Exception {
    NamedThreads threads = new NamedThreads("pulse-test-", true);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 10, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        threads);
    pool.allowCoreThreadTimeOut(true);
    try {
      for (int round = 0; round < 20; round++) { // each round starts threads that then retire
        for (int i = 0; i < 4; i++) pool.execute(() -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getPoolSize() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(0, pool.getPoolSize(), "idle threads retired");
      }
      // Each round's new threads let the ones that ended before them go: about one round's worth is left (two,
      // if a retiring thread was still on its way out when the next round began), not all 80.
      assertTrue(threads.remembered() <= 8, threads.remembered() + " threads remembered after 20 rounds of 4");
    } finally {
      pool.shutdownNow();
    }
  }
}

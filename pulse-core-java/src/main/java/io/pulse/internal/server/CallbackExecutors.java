package io.pulse.internal.server;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The executors behind the WORKER_POOL and PER_CONNECTION task modes. */
final class CallbackExecutors {
  private static final Logger log = LoggerFactory.getLogger(CallbackExecutors.class);

  private CallbackExecutors() {}

  /**
   * A pool of at most {@code max} threads named {@code pulse-worker-N}; {@code min} start at once, and idle
   * threads retire after 60 s. Its queue holds at most one drain task per connection.
   */
  static ExecutorService workerPool(int min, int max) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), named("pulse-worker-", false));
    pool.allowCoreThreadTimeOut(true);
    for (int i = 0; i < min; i++) pool.prestartCoreThread();
    return pool;
  }

  /** A virtual thread per task on JDK 21+, else a cached pool of {@code pulse-conn-N} platform threads. */
  static ExecutorService perConnection() {
    try {
      Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      log.debug("no virtual threads on this JDK; PER_CONNECTION uses a cached thread pool");
      return Executors.newCachedThreadPool(named("pulse-conn-", true));
    }
  }

  private static ThreadFactory named(String prefix, boolean daemon) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.getAndIncrement());
      t.setDaemon(daemon);
      THREADS.add(t);
      return t;
    };
  }

  /** Platform threads made for callbacks, so closing can wait until they have really ended. */
  private static final java.util.Set<Thread> THREADS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Waits (bounded) for callback threads that have finished their work to end, and forgets them. */
  static void joinFinished(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    for (Thread t : THREADS) {
      if (t.getState() == Thread.State.NEW) continue;
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
      if (!t.isAlive()) THREADS.remove(t);
    }
  }
}

package io.pulse.internal.server;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
  static ExecutorService workerPool(int min, int max, NamedThreads threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), threads);
    pool.allowCoreThreadTimeOut(true);
    for (int i = 0; i < min; i++) pool.prestartCoreThread();
    return pool;
  }

  /** A virtual thread per task on JDK 21+, else a cached pool of {@code pulse-conn-N} platform threads. */
  static ExecutorService perConnection(NamedThreads threads) {
    try {
      Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      log.debug("no virtual threads on this JDK; PER_CONNECTION uses a cached thread pool");
      return Executors.newCachedThreadPool(threads);
    }
  }
}

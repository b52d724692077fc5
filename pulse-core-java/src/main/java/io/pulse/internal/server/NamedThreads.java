package io.pulse.internal.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes threads named {@code prefix + n} for one executor and remembers the live ones, so closing can join them. */
final class NamedThreads implements ThreadFactory {
  private final String prefix;
  private final boolean daemon;
  private final AtomicInteger next = new AtomicInteger();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  NamedThreads(String prefix, boolean daemon) {
    this.prefix = prefix;
    this.daemon = daemon;
  }

  @Override
  public Thread newThread(Runnable r) {
    // Forget threads that ended (pools retire idle ones), so a long-lived server does not keep them all.
    threads.removeIf(old -> old.getState() == Thread.State.TERMINATED);
    Thread t = new Thread(r, prefix + next.getAndIncrement());
    t.setDaemon(daemon);
    threads.add(t);
    return t;
  }

  /** Threads remembered: the live ones and any that ended since the last was made (tests). */
  int remembered() {
    return threads.size();
  }

  /** Waits (bounded) for this executor's threads to end once it has terminated. */
  void joinAll(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    for (Thread t : threads) {
      if (t.getState() != Thread.State.NEW) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
    }
  }
}

package io.pulse.internal.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** Logs a warning at most once a second, saying how many were suppressed in between. Any thread. */
final class RateLimitedLog {
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Logger log;
  private final AtomicLong last = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log) {
    this.log = log;
  }

  void warn(Supplier<String> message) {
    long now = System.nanoTime();
    long prev = last.get();
    if (now - prev >= INTERVAL_NANOS && last.compareAndSet(prev, now)) {
      log.warn("{} ({} similar messages suppressed)", message.get(), suppressed.getAndSet(0));
    } else {
      suppressed.incrementAndGet();
    }
  }
}

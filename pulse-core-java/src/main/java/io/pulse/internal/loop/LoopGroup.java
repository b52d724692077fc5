package io.pulse.internal.loop;

import io.pulse.Transport;
import io.pulse.internal.poll.Transports;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** N started event loops of one transport, handed out round-robin; {@link #close()} stops and joins them. */
public final class LoopGroup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopGroup.class);
  private static final long JOIN_SECONDS = 10;

  private final Transport transport;
  private final EventLoop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  /** Opens and starts {@code n} loops; on failure closes those already started. */
  public LoopGroup(Transport transport, int n, boolean edge, int readBufferSize) throws IOException {
    this.transport = transport;
    this.loops = new EventLoop[n];
    boolean nativeT = Transports.isNative(transport);
    try {
      for (int i = 0; i < n; i++) {
        loops[i] = new EventLoop("pulse-loop-" + i, Transports.open(transport, edge, readBufferSize), readBufferSize, nativeT);
        loops[i].start();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  public Transport transport() {
    return transport;
  }

  public int size() {
    return loops.length;
  }

  public EventLoop get(int i) {
    return loops[i];
  }

  /** The next loop, round-robin. Any thread. */
  public EventLoop next() {
    return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
  }

  /** Runs {@code task} on {@code loop}, waits for it, and returns what it threw, if anything. */
  public static Throwable runAndWait(EventLoop loop, ThrowingRunnable task) {
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failure = new Throwable[1];
    loop.execute(() -> {
      try {
        task.run();
      } catch (Throwable t) {
        failure[0] = t;
      } finally {
        done.countDown();
      }
    });
    try {
      if (!done.await(JOIN_SECONDS, TimeUnit.SECONDS)) log.warn("a loop task did not run in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return failure[0];
  }

  /** A task that may throw. */
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Stops every loop (queued tasks still run) and joins their threads. */
  @Override
  public void close() {
    for (EventLoop loop : loops) if (loop != null) loop.shutdown();
    for (EventLoop loop : loops) {
      if (loop == null) continue;
      try {
        if (!loop.awaitTermination(JOIN_SECONDS, TimeUnit.SECONDS)) log.warn("an event loop did not stop in time");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package io.pulse.internal.loop;

import io.pulse.internal.buffer.ChunkPool;
import io.pulse.internal.buffer.GatherScratch;
import io.pulse.internal.buffer.OutboundBuffer;
import io.pulse.internal.poll.Pollable;
import io.pulse.internal.poll.LoopPoller;
import io.pulse.internal.unix.DirectBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform thread ({@code pulse-loop-N}) that owns a poller, the state of its connections, a reused off-heap
 * read buffer, a write scratch buffer and outbound chunk pool. Other threads reach it only through
 * {@link #execute}, which wakes the poller at most once per sleep.
 */
public final class EventLoop {
  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
  private static final int AWAKE = 0;
  private static final int SLEEPING = 1;
  private static final int TASKS_PER_TURN = 4096;
  /** The largest write that goes straight to the socket through {@link #writeScratch} (larger ones are queued). */
  public static final int WRITE_SCRATCH_SIZE = 16 * 1024;

  private final LoopPoller poller;
  private final Thread thread;
  private final TaskQueue tasks = new TaskQueue();
  private final AtomicInteger wakeState = new AtomicInteger(AWAKE);
  private final TimerWheel timers = new TimerWheel(System.nanoTime());
  private final ArrayDeque<Pollable> readAgain = new ArrayDeque<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final ChunkPool chunks = new ChunkPool(64);
  /** The reused read buffer; handed to callbacks as a view valid only during the call. */
  public final ByteBuffer readBuffer;
  /** A big-endian view of {@link #readBuffer} for codecs. */
  public final ByteBuffer readView;
  /** The native address of {@link #readBuffer}. */
  public final long readAddress;
  /** Connections open on (or being handed to) this loop; acceptors read it to choose a loop. */
  public final java.util.concurrent.atomic.AtomicInteger openConnections = new java.util.concurrent.atomic.AtomicInteger();
  /** This loop's counters. */
  public final LoopStats stats = new LoopStats();
  /** Scratch space for gathering writes. */
  public final GatherScratch gather;
  /** Where a small write is copied to go straight to the socket while nothing is queued; its native address next. */
  public final ByteBuffer writeScratch = DirectBuffers.allocate(WRITE_SCRATCH_SIZE);
  public final long writeScratchAddress = DirectBuffers.address(writeScratch);
  private volatile boolean shuttingDown;

  public EventLoop(String name, LoopPoller poller, int readBufferSize, boolean nativeTransport) {
    this.poller = poller;
    this.readBuffer = DirectBuffers.allocate(readBufferSize);
    this.readAddress = DirectBuffers.address(readBuffer);
    this.readView = readBuffer.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
    this.gather = new GatherScratch(nativeTransport);
    this.thread = new Thread(this::run, name);
  }

  public void start() {
    thread.start();
  }

  public LoopPoller poller() {
    return poller;
  }

  /** True on this loop's thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code task} on the loop thread, in submission order. Any thread. */
  public void execute(Runnable task) {
    tasks.offer(task);
    if (!inLoop() && wakeState.getAndSet(AWAKE) == SLEEPING) poller.wakeup();
  }

  /** Runs {@code task} on the loop after {@code delayNanos}; a returned id cancels it. Loop thread only. */
  public long schedule(long delayNanos, Runnable task) {
    return timers.schedule(System.nanoTime() + delayNanos, task);
  }

  /** Cancels a {@link #schedule}d task. Loop thread only. */
  public boolean unschedule(long id) {
    return timers.cancel(id);
  }

  /**
   * Runs {@code task} on this loop after {@code delayNanos}, then every {@code periodNanos} if that is positive.
   * A task that throws is logged and keeps its schedule. Any thread.
   */
  public io.pulse.Timer runLater(long delayNanos, long periodNanos, Runnable task) {
    LoopTimer t = new LoopTimer(this, task, delayNanos, periodNanos);
    if (inLoop()) t.arm(timers);
    else execute(() -> t.arm(timers));
    return t;
  }

  void armTimer(LoopTimer t) {
    t.arm(timers);
  }

  void disarmTimer(long id) {
    timers.cancel(id);
  }

  /** Timers pending on this loop. Loop thread (other threads get a recent value). */
  public int timerCount() {
    return timers.size();
  }

  /** Tasks waiting in this loop's queue. Any thread. */
  public int taskQueueDepth() {
    return tasks.size();
  }

  /**
   * Asks for one more READ readiness call for {@code p} on the next turn (edge-triggered reads left over); it comes
   * with {@link LoopPoller#HANGUP}, as an end of stream reported earlier gets no new edge. Asking again before
   * that turn changes nothing.
   */
  public void readAgain(Pollable p) {
    if (p.enterReadAgain()) readAgain.add(p);
  }

  /** A new, empty outbound buffer drawing on this loop's chunk pool. Loop thread only. */
  public OutboundBuffer newOutboundBuffer() {
    return new OutboundBuffer(chunks);
  }

  /** Ends the loop after its current turn; queued tasks still run. Any thread. */
  public void shutdown() {
    shuttingDown = true;
    if (!inLoop()) poller.wakeup();
  }

  /** Waits for the loop thread to end (joins it; false if called on the loop itself or in vain). */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    if (inLoop()) return false;
    if (!terminated.await(timeout, unit)) return false;
    thread.join(Math.max(1, unit.toMillis(timeout)));
    return !thread.isAlive();
  }

  private void run() {
    try {
      while (!shuttingDown) {
        turn();
      }
      runTasks(Integer.MAX_VALUE);
    } catch (Throwable t) {
      log.error("{} died", thread.getName(), t);
    } finally {
      try {
        poller.close();
      } catch (IOException e) {
        log.warn("{}: closing the poller failed", thread.getName(), e);
      }
      terminated.countDown();
    }
  }

  private void turn() {
    int timeout = 0;
    if (tasks.isEmpty() && readAgain.isEmpty()) {
      timeout = timers.millisUntilNext(System.nanoTime());
      if (timeout != 0) {
        wakeState.set(SLEEPING);
        if (!tasks.isEmpty() || shuttingDown) timeout = 0;
      }
    }
    try {
      poller.poll(timeout);
    } catch (IOException | RuntimeException e) {
      log.error("{}: poll failed", thread.getName(), e);
      pauseAfterError();
    } finally {
      wakeState.set(AWAKE);
    }
    runReadAgain();
    runTimers();
    runTasks(TASKS_PER_TURN);
  }

  private void runReadAgain() {
    for (int n = readAgain.size(); n > 0; n--) {
      Pollable p = readAgain.poll();
      p.leaveReadAgain();
      try {
        p.onReady(LoopPoller.READ | LoopPoller.HANGUP); // a hang-up reported earlier may be unread: read to EAGAIN
      } catch (Throwable t) {
        log.error("{}: read handler failed", thread.getName(), t);
      }
    }
  }

  private void runTimers() {
    try {
      timers.expire(System.nanoTime());
    } catch (Throwable t) {
      log.error("{}: timer task failed", thread.getName(), t);
    }
  }

  private void runTasks(int max) {
    Runnable r;
    for (int i = 0; i < max && (r = tasks.poll()) != null; i++) {
      safeRun(r);
    }
  }

  private void safeRun(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      log.error("{}: task failed", thread.getName(), t);
    }
  }

  private static void pauseAfterError() {
    try {
      Thread.sleep(10); // a failing poll must not spin the CPU
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

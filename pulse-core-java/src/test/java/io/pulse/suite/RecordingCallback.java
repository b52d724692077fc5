package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A callback that records what happens to each connection (opens, data calls, closes, their threads and order,
 * overlapping calls) around the test's own onData. Thread-safe; one per server.
 */
final class RecordingCallback implements Callback<ByteBuffer> {

  /** What one connection went through. */
  static final class ConnRecord {
    final Conn conn;
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger dataCalls = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    /** onData calls seen before onOpen or after onClose; must stay 0. */
    final AtomicInteger outOfOrder = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Set<String> dataThreads = ConcurrentHashMap.newKeySet();
    volatile String openThread;
    volatile String closeThread;
    volatile Throwable error;
    private final CountDownLatch closed = new CountDownLatch(1);

    ConnRecord(Conn conn) {
      this.conn = conn;
    }

    /** Waits for onClose and returns its error (null after an orderly close). */
    Throwable awaitClose() throws InterruptedException {
      assertTrue(closed.await(10, TimeUnit.SECONDS), conn + " got no onClose");
      return error;
    }

    boolean isClosed() {
      return closed.getCount() == 0;
    }
  }

  final Map<Long, ConnRecord> records = new ConcurrentHashMap<>();
  private final BlockingQueue<ConnRecord> opened = new LinkedBlockingQueue<>();
  private final BiConsumer<Conn, ByteBuffer> onData;

  RecordingCallback(BiConsumer<Conn, ByteBuffer> onData) {
    this.onData = onData;
  }

  /** Echoes every read back with {@code conn.write(msg)}. */
  static RecordingCallback echo() {
    return new RecordingCallback((c, msg) -> c.write(msg));
  }

  private ConnRecord record(Conn conn) {
    return records.computeIfAbsent(conn.id(), id -> new ConnRecord(conn));
  }

  @Override
  public void onOpen(Conn conn) {
    ConnRecord r = record(conn);
    r.openThread = Thread.currentThread().getName();
    r.opens.incrementAndGet();
    opened.add(r);
  }

  @Override
  public void onData(Conn conn, ByteBuffer msg) {
    ConnRecord r = record(conn);
    if (r.opens.get() == 0 || r.closes.get() > 0) r.outOfOrder.incrementAndGet();
    r.dataCalls.incrementAndGet();
    r.dataThreads.add(Thread.currentThread().getName());
    r.maxInFlight.accumulateAndGet(r.inFlight.incrementAndGet(), Math::max);
    try {
      onData.accept(conn, msg);
    } finally {
      r.inFlight.decrementAndGet();
    }
  }

  @Override
  public void onClose(Conn conn, Throwable err) {
    ConnRecord r = record(conn);
    r.closeThread = Thread.currentThread().getName();
    r.error = err;
    if (r.closes.incrementAndGet() == 1) r.closed.countDown();
  }

  /** The next connection to have opened, in open order; fails after 10 s. */
  ConnRecord awaitOpen() throws InterruptedException {
    ConnRecord r = opened.poll(10, TimeUnit.SECONDS);
    assertNotNull(r, "no connection opened");
    return r;
  }

  /** Every connection seen was opened once, closed once, and got no data outside that span. */
  void assertEachOpenedAndClosedOnce() {
    records.values().forEach(r -> {
      assertEquals(1, r.opens.get(), r.conn + " onOpen calls");
      assertEquals(1, r.closes.get(), r.conn + " onClose calls");
      assertEquals(0, r.outOfOrder.get(), r.conn + " onData outside onOpen..onClose");
    });
  }
}

package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.testing.Await;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every task mode keeps one connection's callbacks in order (open, data in arrival order, close last), never runs
 * two of them at once, and runs them on the threads the mode promises.
 */
abstract class TaskModeSuite extends PulseSuite {
  static final int CONNECTIONS = 4;
  static final int LINES = 2_000;

  /** Lines "conn C line N\n" for one client. */
  private static byte[] lines(int conn) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < LINES; i++) sb.append("conn ").append(conn).append(" line ").append(i).append('\n');
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Runs every client at once: each sends its lines in random chunks, checks the echo, then closes. */
  private void runClients(PulseServer s) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    closeLater(pool::shutdownNow);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      Socket socket = connect(s);
      byte[] payload = lines(i);
      int seed = i;
      done.add(pool.submit(() -> {
        assertArrayEquals(payload, EchoClient.exchange(socket, payload, new Random(seed)), "echo of client " + seed);
        socket.close();
        return null;
      }));
    }
    for (Future<?> f : done) f.get(20, TimeUnit.SECONDS);
  }

  private static void busyMicros(long micros) {
    long end = System.nanoTime() + micros * 1_000;
    while (System.nanoTime() < end) Thread.onSpinWait();
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void callbacksKeepOrderNeverOverlapAndRunOnTheModesThreads(TaskType mode) throws Exception {
    Map<Long, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
    RecordingCallback cb = new RecordingCallback((c, msg) -> {
      busyMicros(20); // widen the window in which a second call could overlap
      ByteBuffer copy = msg.duplicate();
      byte[] b = new byte[copy.remaining()];
      copy.get(b);
      received.computeIfAbsent(c.id(), id -> new ByteArrayOutputStream()).write(b, 0, b.length);
      c.write(msg);
    });
    PulseServer s = start(server().taskType(mode).callback(cb));
    runClients(s);
    Await.until(() -> cb.records.size() == CONNECTIONS
            && cb.records.values().stream().allMatch(RecordingCallback.ConnRecord::isClosed),
        Duration.ofSeconds(10), () -> "not every connection closed");
    cb.assertEachOpenedAndClosedOnce();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) sent.add(new String(lines(i), StandardCharsets.US_ASCII));
    for (RecordingCallback.ConnRecord r : cb.records.values()) {
      assertNull(r.error, r.conn + " closed with an error");
      assertEquals(1, r.maxInFlight.get(), r.conn + ": onData calls overlapped");
      String got = received.get(r.conn.id()).toString(StandardCharsets.US_ASCII);
      assertTrue(sent.remove(got), r.conn + " received its lines out of order or mixed with another's");
      assertThreadsMatch(mode, r);
    }
  }

  private static void assertThreadsMatch(TaskType mode, RecordingCallback.ConnRecord r) {
    String where = r.conn + " open on " + r.openThread + ", data on " + r.dataThreads + ", close on " + r.closeThread;
    List<String> all = new ArrayList<>(r.dataThreads);
    all.add(r.openThread);
    all.add(r.closeThread);
    switch (mode) {
      case EVENT_LOOP:
        assertTrue(r.openThread.matches("pulse-loop-\\d+"), where);
        all.forEach(t -> assertEquals(r.openThread, t, "one connection stays on one loop: " + where));
        break;
      case WORKER_POOL:
        all.forEach(t -> assertTrue(t.matches("pulse-worker-\\d+"), where));
        break;
      default:
        all.forEach(t -> assertFalse(t.startsWith("pulse-loop-"), where));
    }
  }

  @ParameterizedTest
  @EnumSource(value = TaskType.class, names = {"WORKER_POOL", "PER_CONNECTION"})
  void workerModesHandOnDataAPrivateCopy(TaskType mode) throws Exception {
    List<ByteBuffer> kept = new CopyOnWriteArrayList<>();
    RecordingCallback cb = new RecordingCallback((c, msg) -> {
      kept.add(msg.duplicate()); // kept past the call: must not be overwritten by later reads
      c.write(msg);
    });
    PulseServer s = start(server().taskType(mode).readBufferSize(512).callback(cb));
    byte[] payload = Payloads.random(1 << 20, 7);
    assertArrayEquals(payload, EchoClient.exchange(connect(s), payload, new Random(7)));
    ByteBuffer all = ByteBuffer.allocate(payload.length);
    for (ByteBuffer b : kept) all.put(b);
    assertArrayEquals(payload, all.array(), "the buffers onData kept changed after the calls returned");
  }
}

package io.pulse.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.ConnTimeoutException;
import io.pulse.PulseServer;
import io.pulse.Stats;
import io.pulse.Timer;
import io.pulse.Transport;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Loop timers, deadlines, idle timeout, limits and stats, once per transport. */
abstract class TimersSuite extends TransportSuiteBase {
  /** Close cause per connection id, recorded by {@link #echo}. */
  final ConcurrentHashMap<Long, CompletableFuture<Throwable>> closes = new ConcurrentHashMap<>();

  CompletableFuture<Throwable> closeOf(Conn c) {
    return closes.computeIfAbsent(c.id(), k -> new CompletableFuture<>());
  }

  /** An echo server whose callbacks record each close cause; {@code onOpen} runs for each connection. */
  PulseServer echo(PulseServer.Builder<ByteBuffer> b, java.util.function.Consumer<Conn> onOpen) throws IOException {
    return closeLater(b.transport(transport()).loops(2).callback(Callback.of(onOpen,
        (c, d) -> c.write(d), (c, err) -> closeOf(c).complete(err))).bind("127.0.0.1", 0));
  }

  Socket connect(PulseServer s) throws IOException {
    Socket socket = closeLater(new Socket("127.0.0.1", s.port()));
    socket.setSoTimeout(10_000);
    return socket;
  }

  @Test
  void runAfterFiresInOrderWithinTolerance() throws Exception {
    PulseServer s = echo(PulseServer.builder().loops(1), c -> { });
    List<Integer> order = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    long t0 = System.nanoTime();
    long[] firedAt = new long[3];
    for (int i : new int[] {120, 40, 80}) {
      s.runAfter(Duration.ofMillis(i), () -> {
        firedAt[order.size()] = System.nanoTime() - t0;
        order.add(i);
        done.countDown();
      });
    }
    assertTrue(done.await(5, TimeUnit.SECONDS));
    assertEquals(List.of(40, 80, 120), order);
    for (int k = 0; k < 3; k++) {
      long ms = firedAt[k] / 1_000_000;
      assertTrue(ms >= order.get(k) && ms < order.get(k) + 250, "timer " + order.get(k) + " fired at " + ms + " ms");
    }
  }

  @Test
  void cancelledTimerDoesNotRun() throws Exception {
    PulseServer s = echo(PulseServer.builder(), c -> { });
    AtomicInteger ran = new AtomicInteger();
    Timer t = s.runAfter(Duration.ofMillis(50), ran::incrementAndGet);
    assertTrue(t.cancel());
    assertFalse(t.cancel());
    CountDownLatch later = new CountDownLatch(1);
    s.runAfter(Duration.ofMillis(150), later::countDown);
    assertTrue(later.await(5, TimeUnit.SECONDS));
    assertEquals(0, ran.get());
  }

  @Test
  void hundredThousandTimersAllFire() throws Exception {
    PulseServer s = echo(PulseServer.builder(), c -> { });
    int n = 100_000;
    CountDownLatch all = new CountDownLatch(n);
    Random r = new Random(2);
    for (int i = 0; i < n; i++) s.runAfter(Duration.ofMillis(1 + r.nextInt(500)), all::countDown);
    assertTrue(all.await(20, TimeUnit.SECONDS), all.getCount() + " timers did not fire");
  }

  @Test
  void repeatingTimerThatThrowsKeepsItsSchedule() throws Exception {
    PulseServer s = echo(PulseServer.builder(), c -> { });
    CountDownLatch three = new CountDownLatch(3);
    Timer t = s.runEvery(Duration.ofMillis(20), () -> {
      three.countDown();
      throw new IllegalStateException("boom (expected by the test)");
    });
    assertTrue(three.await(5, TimeUnit.SECONDS));
    t.cancel();
  }

  @Test
  void readDeadlineClosesOnlyTheSilentConnection() throws Exception {
    List<Conn> conns = new CopyOnWriteArrayList<>();
    PulseServer s = echo(PulseServer.builder(), c -> {
      conns.add(c);
      c.readDeadline(Duration.ofMillis(200));
    });
    Socket silent = connect(s);
    Socket talker = connect(s);
    talker.getOutputStream().write(1);
    assertEquals(1, talker.getInputStream().read());
    assertEquals(-1, silent.getInputStream().read(), "the silent connection is closed");
    Conn closed = conns.stream().filter(c -> !c.isOpen()).findFirst().orElseThrow();
    Throwable err = closeOf(closed).get(5, TimeUnit.SECONDS);
    assertInstanceOf(ConnTimeoutException.class, err);
    assertEquals(ConnTimeoutException.Kind.READ, ((ConnTimeoutException) err).kind());
    talker.getOutputStream().write(2);
    assertEquals(2, talker.getInputStream().read(), "the other connection keeps working");
  }

  @Test
  void readDeadlineAtAnInstantWorksLikeADuration() throws Exception {
    CompletableFuture<Conn> opened = new CompletableFuture<>();
    PulseServer s = echo(PulseServer.builder(), c -> {
      c.readDeadline(java.time.Instant.now().plusMillis(150));
      opened.complete(c);
    });
    Socket silent = connect(s);
    assertEquals(-1, silent.getInputStream().read());
    Throwable err = closeOf(opened.get(5, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
    assertEquals(ConnTimeoutException.Kind.READ, ((ConnTimeoutException) err).kind());
  }

  @Test
  void writeDeadlineClosesAConnectionThatCannotFlush() throws Exception {
    CompletableFuture<Conn> opened = new CompletableFuture<>();
    PulseServer s = echo(PulseServer.builder(), opened::complete);
    Socket reader = connect(s);
    reader.setReceiveBufferSize(4096);
    Conn c = opened.get(5, TimeUnit.SECONDS);
    byte[] big = new byte[8 << 20];
    c.write(big); // far more than the socket buffers hold: the peer does not read
    c.writeDeadline(Duration.ofMillis(200));
    Throwable err = closeOf(c).get(5, TimeUnit.SECONDS);
    assertInstanceOf(ConnTimeoutException.class, err);
    assertEquals(ConnTimeoutException.Kind.WRITE, ((ConnTimeoutException) err).kind());
    assertTrue(err.getMessage().contains("bytes still unsent"), err.getMessage());
  }

  @Test
  void idleTimeoutClosesQuietConnectionsAndSparesBusyOnes() throws Exception {
    List<Conn> conns = new CopyOnWriteArrayList<>();
    // The busy peer talks every ~20 ms against a 1 s idle timeout (50x slack for a loaded machine); it talks
    // until the quiet one has been closed, however long the wheel and the scheduler take to get there.
    PulseServer s = echo(PulseServer.builder().idleTimeout(Duration.ofSeconds(1)), conns::add);
    Socket quiet = connect(s);
    Socket busy = connect(s);
    CompletableFuture<Integer> quietEnd = CompletableFuture.supplyAsync(() -> {
      try {
        return quiet.getInputStream().read();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, r -> new Thread(r, "quiet-reader").start());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int n = 0;
    while (!quietEnd.isDone() && System.nanoTime() < deadline) {
      busy.getOutputStream().write(n & 0x7f);
      assertEquals(n & 0x7f, busy.getInputStream().read());
      n++;
      Thread.sleep(20); // pacing the talker, not synchronising
    }
    assertEquals(-1, quietEnd.get(1, TimeUnit.SECONDS));
    Conn closed = conns.stream().filter(c -> !c.isOpen()).findFirst().orElseThrow();
    Throwable err = closeOf(closed).get(5, TimeUnit.SECONDS);
    assertEquals(ConnTimeoutException.Kind.IDLE, ((ConnTimeoutException) err).kind());
    assertEquals(1, conns.stream().filter(Conn::isOpen).count(), "the busy connection is still open");
  }

  @Test
  void heartbeatIsCalledOnQuietConnections() throws Exception {
    PulseServer s = echo(PulseServer.builder().heartbeat(Duration.ofMillis(50), c -> c.write(new byte[] {'p'})),
        c -> { });
    Socket socket = connect(s);
    InputStream in = socket.getInputStream();
    assertEquals('p', in.read());
    assertEquals('p', in.read());
  }

  @Test
  void maxConnectionsRefusesExactlyBeyondTheLimitAndAcceptsAgainAfterCloses() throws Exception {
    PulseServer s = echo(PulseServer.builder().maxConnections(3), c -> { });
    List<Socket> ok = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket c = connect(s);
      c.getOutputStream().write(i);
      assertEquals(i, c.getInputStream().read());
      ok.add(c);
    }
    Socket refused = connect(s);
    assertEquals(-1, refused.getInputStream().read(), "the 4th connection is closed at once");
    assertEquals(1, s.stats().rejected());
    ok.get(0).close();
    awaitOpen(s, 2);
    Socket again = connect(s);
    again.getOutputStream().write(9);
    assertEquals(9, again.getInputStream().read());
    assertEquals(1, s.stats().rejected());
  }

  @Test
  void slowReaderHitsMaxPendingWriteBytesAndOthersCarryOn() throws Exception {
    List<Conn> conns = new CopyOnWriteArrayList<>();
    PulseServer s = echo(PulseServer.builder().maxPendingWriteBytes(1 << 20), conns::add);
    Socket slow = connect(s);
    slow.setReceiveBufferSize(4096);
    Socket fine = connect(s);
    fine.getOutputStream().write(1);
    assertEquals(1, fine.getInputStream().read());
    Conn slowConn = conns.stream()
        .filter(c -> ((java.net.InetSocketAddress) c.remoteAddress()).getPort() == slow.getLocalPort())
        .findFirst().orElseThrow();
    // Far more than the kernel's socket buffers absorb (loopback autotuning takes several MiB).
    byte[] block = new byte[256 * 1024];
    for (int i = 0; i < 256 && slowConn.isOpen(); i++) slowConn.write(block);
    Throwable err = closeOf(slowConn).get(5, TimeUnit.SECONDS);
    assertTrue(err != null && err.getMessage().contains("maxPendingWriteBytes"), String.valueOf(err));
    fine.getOutputStream().write(2);
    assertEquals(2, fine.getInputStream().read());
  }

  @Test
  void statsCountWhatHappened() throws Exception {
    PulseServer s = echo(PulseServer.builder(), c -> { });
    int conns = 5;
    int bytesEach = 1000;
    for (int i = 0; i < conns; i++) {
      try (Socket c = new Socket("127.0.0.1", s.port())) {
        c.setSoTimeout(10_000);
        c.getOutputStream().write(new byte[bytesEach]);
        assertEquals(bytesEach, c.getInputStream().readNBytes(bytesEach).length);
      }
    }
    awaitOpen(s, 0);
    Stats st = s.stats();
    assertEquals(conns, st.accepted());
    assertEquals(conns, st.closed());
    assertEquals(0, st.open());
    assertEquals(0, st.rejected());
    assertEquals((long) conns * bytesEach, st.bytesIn());
    assertEquals((long) conns * bytesEach, st.bytesOut());
    assertEquals(st.messagesIn(), st.messagesOut(), "one echo write per read");
    assertEquals(0, st.pendingWriteBytes());
    assertEquals(2, st.taskQueueDepths().size());
  }

  @Test
  void connectionTimersRunOnTheConnectionsLoop() throws Exception {
    CompletableFuture<String> thread = new CompletableFuture<>();
    PulseServer s = echo(PulseServer.builder(), c -> c.runAfter(Duration.ofMillis(10),
        () -> thread.complete(Thread.currentThread().getName())));
    connect(s);
    assertTrue(thread.get(5, TimeUnit.SECONDS).startsWith("pulse-loop-"));
  }

  static void awaitOpen(PulseServer s, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (s.connectionCount() != n) {
      assertTrue(System.nanoTime() < deadline, "open: " + s.connectionCount() + ", want " + n);
      Thread.sleep(5); // polling a counter against a deadline
    }
  }
}

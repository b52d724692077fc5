package io.pulse.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.testing.Await;
import io.pulse.testing.Closer;
import io.pulse.testing.TestCerts;
import io.pulse.testing.Requires;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A Pulse TLS server against the JDK's SSLSocket: echo, integrity, protocols, close_notify, bad clients. */
class TlsServerTest {
  private final Closer closer = new Closer();

  @AfterEach
  void closeAll() throws Exception {
    closer.close();
  }

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of(Transport.EPOLL, TriggerType.LEVEL),
        Arguments.of(Transport.EPOLL, TriggerType.EDGE),
        Arguments.of(Transport.NIO, TriggerType.LEVEL),
        Arguments.of(Transport.KQUEUE, TriggerType.EDGE),
        Arguments.of(Transport.IO_URING, TriggerType.LEVEL));
  }

  private PulseServer echoServer(Transport t, TriggerType trigger, TaskType mode) throws Exception {
    Requires.transport(t);
    return closer.add(PulseServer.builder().transport(t).triggerType(trigger).loops(2).taskType(mode)
        .tls(TestCerts.serverContext())
        .callback(Callback.of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0));
  }

  private SSLSocket connect(PulseServer s, String protocol) throws Exception {
    SSLSocket socket = (SSLSocket) TestCerts.clientContext().getSocketFactory().createSocket("127.0.0.1", s.port());
    closer.add(socket);
    socket.setEnabledProtocols(new String[] {protocol});
    socket.setSoTimeout(15_000);
    socket.startHandshake();
    return socket;
  }

  @ParameterizedTest
  @MethodSource("transports")
  void echoesOverTls13And12(Transport t, TriggerType trigger) throws Exception {
    PulseServer s = echoServer(t, trigger, TaskType.EVENT_LOOP);
    for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
      SSLSocket socket = connect(s, protocol);
      assertEquals(protocol, socket.getSession().getProtocol());
      socket.getOutputStream().write("hello over tls\n".getBytes(StandardCharsets.UTF_8));
      byte[] got = socket.getInputStream().readNBytes(15);
      assertEquals("hello over tls\n", new String(got, StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void fourMebibytesInRandomChunksArriveIntact(Transport t, TriggerType trigger) throws Exception {
    PulseServer s = echoServer(t, trigger, TaskType.EVENT_LOOP);
    SSLSocket socket = connect(s, "TLSv1.3");
    byte[] payload = new byte[4 << 20];
    Random r = new Random(42);
    r.nextBytes(payload);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        for (int off = 0; off < payload.length; ) {
          int n = Math.min(payload.length - off, 1 + r.nextInt(40_000));
          out.write(payload, off, n);
          off += n;
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    byte[] got = socket.getInputStream().readNBytes(payload.length);
    writer.get(20, TimeUnit.SECONDS);
    assertArrayEquals(sha256(payload), sha256(got));
  }

  @Test
  void aHalfCloseByTheClientStillGetsEveryEchoedByte() throws Exception {
    PulseServer s = echoServer(Transport.EPOLL, TriggerType.EDGE, TaskType.EVENT_LOOP);
    SSLSocket socket = connect(s, "TLSv1.3");
    byte[] payload = new byte[300_000];
    new Random(3).nextBytes(payload);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        socket.getOutputStream().write(payload);
        socket.shutdownOutput(); // TLS 1.3 half-close: close_notify, the read side stays open
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    byte[] got = socket.getInputStream().readAllBytes(); // ends at the server's close_notify
    writer.get(20, TimeUnit.SECONDS);
    assertArrayEquals(sha256(payload), sha256(got));
    awaitCount(s, 0);
  }

  @Test
  void aNonReadingClientStallsTheEchoAtTheHighWaterMarkThenReceivesEverything() throws Exception {
    Requires.transport(Transport.EPOLL);
    int high = 64 << 10;
    long total = 16L << 20;
    CompletableFuture<Conn> opened = new CompletableFuture<>();
    PulseServer s = closer.add(PulseServer.builder().transport(Transport.EPOLL).loops(1)
        .highWaterMark(high).lowWaterMark(16 << 10).tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of(opened::complete, (c, d) -> c.write(d), null))
        .bind("127.0.0.1", 0));
    Socket plain = new Socket("127.0.0.1", s.port());
    SSLSocket socket = closer.add((SSLSocket) TestCerts.clientContext().getSocketFactory()
        .createSocket(plain, "127.0.0.1", s.port(), true));
    closer.add(plain); // closed first: a writer still blocked on the full socket must not stall the SSLSocket's close
    socket.setSoTimeout(15_000);
    socket.startHandshake();
    Conn conn = opened.get(10, TimeUnit.SECONDS);
    AtomicInteger chunksWritten = new AtomicInteger();
    byte[] chunk = new byte[64 << 10];
    new Random(7).nextBytes(chunk);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        for (long off = 0; off < total; off += chunk.length) {
          out.write(chunk);
          chunksWritten.incrementAndGet();
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    // The client reads nothing: the server must stop reading once its echo backlog passes the high water mark, so
    // the writer stalls (kernel buffers full) long before it wrote everything.
    long stalledAt = Await.stalled(chunksWritten::get, Duration.ofMillis(500), Duration.ofSeconds(15));
    assertTrue(stalledAt * chunk.length < total, "the server never stopped reading: the client wrote all " + total);
    assertFalse(conn.isWritable(), "stalled with " + conn.pendingWriteBytes() + " pending, yet writable");
    assertTrue(conn.pendingWriteBytes() < 4L << 20, conn.pendingWriteBytes() + " bytes pending");
    InputStream in = socket.getInputStream();
    byte[] got = new byte[chunk.length];
    for (long read = 0; read < total; read += chunk.length) {
      int off = 0;
      while (off < got.length) {
        int n = in.read(got, off, got.length - off);
        assertTrue(n > 0, "EOF after " + (read + off) + " bytes");
        off += n;
      }
      assertArrayEquals(chunk, got, "chunk at " + read);
    }
    writer.get(20, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = TaskType.class, names = {"WORKER_POOL", "PER_CONNECTION"})
  void workerModesKeepOrderAndBoundsUnderBackpressure(TaskType mode) throws Exception {
    Requires.transport(Transport.EPOLL);
    PulseServer s = closer.add(PulseServer.builder().transport(Transport.EPOLL).loops(1).taskType(mode)
        .highWaterMark(64 << 10).lowWaterMark(16 << 10)
        .tls(TestCerts.serverContext())
        .callback(Callback.of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0));
    SSLSocket socket = connect(s, "TLSv1.2");
    byte[] payload = new byte[3 << 20];
    new Random(5).nextBytes(payload);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        socket.getOutputStream().write(payload);
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    InputStream in = socket.getInputStream();
    byte[] got = new byte[payload.length];
    for (int off = 0; off < got.length; ) { // a slow reader: the server must pause, not buffer without bound
      int n = in.read(got, off, Math.min(8192, got.length - off));
      assertTrue(n > 0, "stream ended early at " + off);
      off += n;
      assertTrue(s.stats().pendingWriteBytes() < 8 << 20, "pending " + s.stats().pendingWriteBytes());
    }
    writer.get(20, TimeUnit.SECONDS);
    assertArrayEquals(sha256(payload), sha256(got));
  }

  @Test
  void handshakesDoNotWaitForABusyCommonPool() throws Exception {
    PulseServer s = echoServer(Transport.EPOLL, TriggerType.LEVEL, TaskType.EVENT_LOOP);
    int n = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(n);
    for (int i = 0; i < n; i++) { // user code blocking every common-pool thread (as a blocking supplyAsync does)
      java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
        busy.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    try {
      assertTrue(busy.await(10, TimeUnit.SECONDS));
      for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
        SSLSocket socket = connect(s, protocol);
        socket.getOutputStream().write(7);
        assertEquals(7, socket.getInputStream().read(), protocol);
      }
    } finally {
      release.countDown();
    }
  }

  @Test
  void echoesInEveryTaskMode() throws Exception {
    for (TaskType mode : TaskType.values()) {
      PulseServer s = echoServer(Transport.EPOLL, TriggerType.LEVEL, mode);
      SSLSocket socket = connect(s, "TLSv1.3");
      byte[] msg = ("mode " + mode).getBytes(StandardCharsets.UTF_8);
      socket.getOutputStream().write(msg);
      assertArrayEquals(msg, socket.getInputStream().readNBytes(msg.length), mode.toString());
    }
  }

  @Test
  void onOpenFollowsTheHandshakeAndSeesTheSession() throws Exception {
    AtomicReference<String> protocol = new AtomicReference<>();
    CountDownLatch opened = new CountDownLatch(1);
    PulseServer s = closer.add(PulseServer.builder().loops(1).tls(TestCerts.serverContext())
        .callback(new Callback<ByteBuffer>() {
          @Override public void onOpen(Conn c) {
            protocol.set(c.tlsSession().getProtocol());
            c.write("welcome\n".getBytes(StandardCharsets.UTF_8)); // written before the client says anything
            opened.countDown();
          }

          @Override public void onData(Conn c, ByteBuffer d) {}
        })
        .bind("127.0.0.1", 0));
    SSLSocket socket = connect(s, "TLSv1.2");
    assertTrue(opened.await(10, TimeUnit.SECONDS));
    assertEquals("TLSv1.2", protocol.get());
    assertEquals("welcome\n", new String(socket.getInputStream().readNBytes(8), StandardCharsets.UTF_8));
  }

  @Test
  void closeEndsTheStreamAfterEveryQueuedByte() throws Exception {
    byte[] big = new byte[1 << 20];
    new Random(7).nextBytes(big);
    PulseServer s = closer.add(PulseServer.builder().loops(1).tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of((c, d) -> {
          c.write(big);
          c.close();
        }))
        .bind("127.0.0.1", 0));
    SSLSocket socket = connect(s, "TLSv1.3");
    socket.getOutputStream().write('x');
    InputStream in = socket.getInputStream();
    assertArrayEquals(big, in.readNBytes(big.length));
    assertEquals(-1, in.read(), "the stream ends after the queued bytes (close_notify itself: TlsOpensslTest)");
  }

  @Test
  void clientCloseNotifyClosesWithoutError() throws Exception {
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    PulseServer s = closer.add(PulseServer.builder().loops(1).tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of(null, (c, d) -> c.write(d), (c, err) -> closed.complete(err)))
        .bind("127.0.0.1", 0));
    SSLSocket socket = connect(s, "TLSv1.3");
    socket.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
    assertEquals("ping", new String(socket.getInputStream().readNBytes(4), StandardCharsets.UTF_8));
    socket.close();
    assertNull(closed.get(10, TimeUnit.SECONDS));
  }

  @ParameterizedTest
  @MethodSource("transports")
  void garbageInsteadOfAHandshakeIsClosedAndTheServerKeepsServing(Transport t, TriggerType trigger)
      throws Exception {
    Requires.transport(t);
    AtomicInteger opens = new AtomicInteger();
    PulseServer s = closer.add(PulseServer.builder().transport(t).triggerType(trigger).loops(1)
        .tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of(c -> opens.incrementAndGet(), (c, d) -> c.write(d), null))
        .bind("127.0.0.1", 0));
    Socket plain = closer.add(new Socket("127.0.0.1", s.port()));
    plain.setSoTimeout(10_000);
    plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(readsToEnd(plain.getInputStream()), "the server closed the garbage connection");
    SSLSocket good = connect(s, "TLSv1.3");
    good.getOutputStream().write("still here".getBytes(StandardCharsets.UTF_8));
    assertEquals("still here", new String(good.getInputStream().readNBytes(10), StandardCharsets.UTF_8));
    assertEquals(1, opens.get(), "only the TLS client was announced");
    good.close();
    awaitCount(s, 0);
  }

  @Test
  void aSilentClientIsClosedByTheHandshakeTimeout() throws Exception {
    PulseServer s = closer.add(PulseServer.builder().loops(1).tls(TestCerts.serverContext())
        .tlsHandshakeTimeout(Duration.ofMillis(200))
        .callback(Callback.<ByteBuffer>of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0));
    Socket silent = closer.add(new Socket("127.0.0.1", s.port()));
    silent.setSoTimeout(10_000);
    long t0 = System.nanoTime();
    assertTrue(readsToEnd(silent.getInputStream()));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms >= 150 && ms < 8_000, "closed after " + ms + " ms");
    awaitCount(s, 0);
  }

  @Test
  void peerVanishingMidHandshakeFreesTheConnection() throws Exception {
    PulseServer s = echoServer(Transport.EPOLL, TriggerType.LEVEL, TaskType.EVENT_LOOP);
    for (int i = 0; i < 20; i++) {
      Socket half = new Socket("127.0.0.1", s.port());
      half.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x40}); // a record header, then nothing
      half.close();
    }
    // Zero open connections means something only once all 20 have been accepted (they may still be queued).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (s.stats().accepted() < 20) {
      assertTrue(System.nanoTime() < deadline, "accepted " + s.stats().accepted() + " of 20");
      Thread.sleep(5); // polling a counter against a deadline
    }
    awaitCount(s, 0);
    assertFalse(s.stats().open() > 0);
  }

  /** True if the stream ends (EOF or reset) before the socket's read timeout. */
  private static boolean readsToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try {
      in.transferTo(sink);
      return true;
    } catch (SocketException reset) {
      return true;
    }
  }

  static void awaitCount(PulseServer s, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (s.connectionCount() != n) {
      assertTrue(System.nanoTime() < deadline, "open connections: " + s.connectionCount() + ", want " + n);
      Thread.sleep(5); // polling a counter against a deadline
    }
  }

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }
}

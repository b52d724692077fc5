package io.pulse.transport;

import io.pulse.testing.Closer;

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
import io.pulse.testing.Requires;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core behaviours of a Pulse server, written once and run per transport and trigger type (Netty testsuite
 * style): echo, integrity, many connections, half-close, resets, ordering, backpressure, task modes, failures.
 */
abstract class TransportSuite {
  final Closer closer = new Closer();

  abstract Transport transport();

  abstract TriggerType trigger();

  @BeforeEach
  void available() {
    Requires.transport(transport());
  }

  @AfterEach
  void closeAll() throws Exception {
    closer.close();
  }

  <T extends AutoCloseable> T closeLater(T c) {
    return closer.add(c);
  }

  PulseServer.Builder<ByteBuffer> builder() {
    return PulseServer.builder().transport(transport()).triggerType(trigger()).loops(2);
  }

  PulseServer echoServer(TaskType taskType) throws IOException {
    return closeLater(builder().taskType(taskType).callback(Callback.of((c, d) -> c.write(d))).bind("127.0.0.1", 0));
  }

  Socket connect(PulseServer s) throws IOException {
    Socket socket = closeLater(new Socket("127.0.0.1", s.port()));
    socket.setSoTimeout(15_000);
    return socket;
  }

  /** Writes {@code payload} in random chunks on another thread and returns everything echoed until EOF. */
  static byte[] echoWithHalfClose(Socket socket, byte[] payload, Random r) throws Exception {
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        for (int off = 0; off < payload.length; ) {
          int n = Math.min(payload.length - off, 1 + r.nextInt(64 * 1024));
          out.write(payload, off, n);
          off += n;
        }
        socket.shutdownOutput();
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    byte[] got = socket.getInputStream().readAllBytes();
    writer.get(20, TimeUnit.SECONDS);
    return got;
  }

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  static void awaitCount(PulseServer s, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (s.connectionCount() != n) {
      assertTrue(System.nanoTime() < deadline, "open connections: " + s.connectionCount() + ", want " + n);
      Thread.sleep(5); // polling a counter against a deadline
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100, 4096, 65536})
  void echoesPayloadsOfEverySize(int size) throws Exception {
    PulseServer s = echoServer(TaskType.EVENT_LOOP);
    Socket socket = connect(s);
    byte[] payload = new byte[size];
    new Random(size).nextBytes(payload);
    assertArrayEquals(payload, echoWithHalfClose(socket, payload, new Random(1)));
  }

  @Test
  void echoesSixteenMebibytesInRandomChunksIntact() throws Exception {
    PulseServer s = echoServer(TaskType.EVENT_LOOP);
    byte[] payload = new byte[16 << 20];
    new Random(16).nextBytes(payload);
    byte[] got = echoWithHalfClose(connect(s), payload, new Random(2));
    assertEquals(payload.length, got.length);
    assertArrayEquals(sha256(payload), sha256(got));
  }

  @Test
  void thousandConcurrentConnectionsEachGetTheirEcho() throws Exception {
    PulseServer s = echoServer(TaskType.EVENT_LOOP);
    int n = 1000;
    try (Selector selector = Selector.open()) {
      List<SocketChannel> chans = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", s.port()));
        c.write(ByteBuffer.allocate(4).putInt(0, i));
        c.configureBlocking(false);
        c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(4));
        chans.add(c);
      }
      int done = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (done < n && System.nanoTime() < deadline) {
        selector.select(200);
        for (SelectionKey k : selector.selectedKeys()) {
          ByteBuffer b = (ByteBuffer) k.attachment();
          ((SocketChannel) k.channel()).read(b);
          if (!b.hasRemaining()) {
            assertEquals(chans.indexOf(k.channel()), b.getInt(0), "echo went to the wrong connection");
            k.cancel();
            done++;
          }
        }
        selector.selectedKeys().clear();
      }
      assertEquals(n, done);
      assertEquals(n, s.connectionCount());
      for (SocketChannel c : chans) c.close();
    }
    awaitCount(s, 0);
  }

  @Test
  void halfClosedClientStillGetsTheWholeEchoAndAnOrderlyClose() throws Exception {
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    PulseServer s = closeLater(builder().callback(Callback.of(null, (c, d) -> c.write(d),
        (c, err) -> closed.complete(err))).bind("127.0.0.1", 0));
    byte[] payload = new byte[300_000];
    new Random(3).nextBytes(payload);
    assertArrayEquals(payload, echoWithHalfClose(connect(s), payload, new Random(3)));
    assertNull(closed.get(10, TimeUnit.SECONDS), "EOF is an orderly close");
  }

  @Test
  void clientResetMidStreamClosesThatConnectionWithTheErrorAndServingGoesOn() throws Exception {
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    CountDownLatch got = new CountDownLatch(1);
    PulseServer s = closeLater(builder().callback(Callback.of(null, (c, d) -> {
      c.write(d);
      c.write(new byte[256 * 1024]); // keep data flowing towards the client
      got.countDown();
    }, (c, err) -> closed.complete(err))).bind("127.0.0.1", 0));
    Socket victim = new Socket("127.0.0.1", s.port());
    victim.getOutputStream().write(new byte[1000]);
    assertTrue(got.await(10, TimeUnit.SECONDS));
    victim.setSoLinger(true, 0);
    victim.close(); // RST
    Throwable err = closed.get(10, TimeUnit.SECONDS);
    assertTrue(err instanceof IOException, String.valueOf(err));
    if (transport() != Transport.NIO) {
      assertTrue(err.getMessage().contains("ECONNRESET") || err.getMessage().contains("EPIPE"), err.getMessage());
    }
    Socket next = connect(s);
    next.getOutputStream().write(5);
    assertEquals(5, next.getInputStream().read());
  }

  @Test
  void writesFromOtherThreadsKeepTheirOrder() throws Exception {
    int threads = 4;
    int perThread = 5_000;
    PulseServer s = closeLater(builder().callback(Callback.<ByteBuffer>of(c -> {
      for (int t = 0; t < threads; t++) {
        int tag = t;
        new Thread(() -> {
          for (int i = 0; i < perThread; i++) c.write(ByteBuffer.allocate(8).putInt(tag).putInt(i).flip());
        }).start();
      }
    }, (c, d) -> { }, null)).bind("127.0.0.1", 0));
    DataInputStream in = new DataInputStream(connect(s).getInputStream());
    int[] next = new int[threads];
    for (int k = 0; k < threads * perThread; k++) {
      int tag = in.readInt();
      int seq = in.readInt();
      assertEquals(next[tag]++, seq, "thread " + tag + " out of order");
    }
  }

  @Test
  void backpressureStopsReadingAndResumingDeliversEverything() throws Exception {
    int high = 64 * 1024;
    List<Conn> conns = new CopyOnWriteArrayList<>();
    AtomicInteger maxPending = new AtomicInteger();
    AtomicInteger sawUnwritable = new AtomicInteger();
    PulseServer s = closeLater(builder().highWaterMark(high).lowWaterMark(high / 4)
        .callback(Callback.<ByteBuffer>of(conns::add, (c, d) -> {
          c.write(d);
          maxPending.accumulateAndGet((int) Math.min(Integer.MAX_VALUE, c.pendingWriteBytes()), Math::max);
          if (!c.isWritable()) sawUnwritable.incrementAndGet();
        }, null)).bind("127.0.0.1", 0));
    Socket socket = connect(s);
    long total = 64L << 20;
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        byte[] chunk = new byte[64 * 1024];
        for (long off = 0; off < total; off += chunk.length) {
          for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) ((off + i) % 253);
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    // The client reads nothing yet: the writer must stall far short of 64 MiB.
    // Wait for the condition (the writer started and the server went over its high water mark), then for the
    // writer to stop moving: sampling alone could see a writer that was merely not scheduled yet.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((written.get() == 0 || sawUnwritable.get() == 0) && System.nanoTime() < deadline) Thread.sleep(5);
    long last = -1;
    while (written.get() != last && System.nanoTime() < deadline) {
      last = written.get();
      Thread.sleep(300); // sampling progress once the server has paused, not synchronising
    }
    assertTrue(written.get() < total, "the server never stopped reading");
    assertTrue(sawUnwritable.get() > 0, "the connection never became unwritable");
    assertTrue(maxPending.get() < high + 1024 * 1024, "pending grew to " + maxPending.get());
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[64 * 1024];
    for (long read = 0; read < total; ) {
      int n = in.read(buf);
      assertTrue(n > 0, "EOF after " + read);
      for (int i = 0; i < n; i++) {
        if (buf[i] != (byte) ((read + i) % 253)) throw new AssertionError("wrong byte at " + (read + i));
      }
      read += n;
    }
    writer.get(20, TimeUnit.SECONDS);
    assertTrue(conns.get(0).isWritable());
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void everyTaskModeKeepsOrderAndNeverOverlapsCallbacks(TaskType mode) throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    CountDownLatch closed = new CountDownLatch(1);
    PulseServer s = closeLater(builder().taskType(mode).callback(Callback.<ByteBuffer>of(
        c -> events.add("open:" + Thread.currentThread().getName()),
        (c, d) -> {
          if (inFlight.incrementAndGet() > 1) overlaps.incrementAndGet();
          byte[] b = new byte[d.remaining()];
          d.get(b);
          c.write(b);
          inFlight.decrementAndGet();
        },
        (c, e) -> {
          events.add("close");
          closed.countDown();
        })).bind("127.0.0.1", 0));
    byte[] payload = new byte[2 << 20];
    for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 31);
    assertArrayEquals(payload, echoWithHalfClose(connect(s), payload, new Random(4)));
    assertTrue(closed.await(10, TimeUnit.SECONDS));
    assertEquals(0, overlaps.get());
    assertTrue(events.get(0).startsWith("open:"));
    assertEquals("close", events.get(events.size() - 1));
    if (mode == TaskType.EVENT_LOOP) assertTrue(events.get(0).startsWith("open:pulse-loop-"), events.get(0));
    if (mode == TaskType.WORKER_POOL) assertTrue(events.get(0).startsWith("open:pulse-worker-"), events.get(0));
  }

  @Test
  void aThrowingCallbackClosesOnlyItsConnection() throws Exception {
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    PulseServer s = closeLater(builder().callback(Callback.<ByteBuffer>of(null, (c, d) -> {
      if (d.get(0) == 'x') throw new IllegalStateException("boom");
      c.write(d);
    }, (c, err) -> {
      if (err != null) closed.complete(err);
    })).bind("127.0.0.1", 0));
    Socket good = connect(s);
    Socket bad = connect(s);
    bad.getOutputStream().write('x');
    assertEquals(-1, bad.getInputStream().read());
    assertEquals("boom", closed.get(10, TimeUnit.SECONDS).getMessage());
    good.getOutputStream().write('y');
    assertEquals('y', good.getInputStream().read());
  }

  @Test
  void closeReleasesEveryFdThreadAndConnection() throws Exception {
    echoServer(TaskType.WORKER_POOL).close(); // warm up: class loading, JNA, process-wide fds
    closer.forget();
    long fdsBefore = io.pulse.testing.Fds.count();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closedCount = new AtomicInteger();
    PulseServer s = builder().taskType(TaskType.WORKER_POOL).callback(Callback.<ByteBuffer>of(
        c -> opened.incrementAndGet(), (c, d) -> c.write(d), (c, e) -> closedCount.incrementAndGet()))
        .bind("127.0.0.1", 0);
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Socket c = new Socket("127.0.0.1", s.port());
      c.setSoTimeout(10_000);
      c.getOutputStream().write(i);
      assertEquals(i, c.getInputStream().read());
      clients.add(c);
    }
    s.close();
    assertEquals(20, opened.get());
    assertEquals(20, closedCount.get(), "every connection got exactly one onClose");
    assertEquals(0, s.connectionCount());
    for (Socket c : clients) {
      assertEquals(-1, c.getInputStream().read());
      c.close();
    }
    assertTrue(io.pulse.testing.Threads.pulseThreads().isEmpty(), "threads left: " + io.pulse.testing.Threads.pulseThreads());
    io.pulse.testing.Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(10));
  }

  @Test
  void aWriteLargerThanOneGatherDrainsCompletely() throws Exception {
    // 32 MiB is 2,048 outbound chunks, several writev calls: with edge triggering a flush must not wait for
    // an EPOLLOUT that never comes when the kernel took a whole gather.
    CompletableFuture<Conn> opened = new CompletableFuture<>();
    PulseServer s = closeLater(builder().callback(Callback.<ByteBuffer>of(opened::complete, (c, d) -> { }, null))
        .bind("127.0.0.1", 0));
    Socket socket = connect(s);
    byte[] big = new byte[32 << 20];
    new Random(32).nextBytes(big);
    CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return socket.getInputStream().readNBytes(big.length);
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    assertTrue(opened.get(10, TimeUnit.SECONDS).write(big));
    assertArrayEquals(sha256(big), sha256(reader.get(20, TimeUnit.SECONDS)));
  }

  @Test
  void shutdownGracefullyDeliversEverythingQueued() throws Exception {
    CompletableFuture<Conn> opened = new CompletableFuture<>();
    PulseServer s = builder().callback(Callback.<ByteBuffer>of(opened::complete, (c, d) -> { }, null))
        .bind("127.0.0.1", 0);
    Socket socket = connect(s);
    Conn c = opened.get(10, TimeUnit.SECONDS);
    byte[] big = new byte[8 << 20];
    new Random(8).nextBytes(big);
    assertTrue(c.write(big));
    CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return socket.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    assertTrue(s.shutdownGracefully(Duration.ofSeconds(10)));
    assertArrayEquals(sha256(big), sha256(reader.get(10, TimeUnit.SECONDS)));
    assertFalse(c.isOpen());
    assertFalse(c.write(new byte[1]), "writes after close are refused, not dropped");
  }
}

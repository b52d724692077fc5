package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code shutdownGracefully} sends everything queued before closing, within its timeout; {@code close()} hands
 * the kernel what it takes at once (what a worker wrote just before included), drops the rest and says so in
 * onClose. Either way new connections are refused afterwards.
 */
abstract class ShutdownSuite extends PulseSuite {
  static final int QUEUED = 8 << 20; // more than the kernel's buffers hold: most stays in Pulse's queue

  /** Reads until EOF, 32 KiB at a time with a short pause: a slow but steady reader. Returns the SHA-256. */
  private static CompletableFuture<String> readSlowly(Socket socket) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        InputStream in = socket.getInputStream();
        MessageDigest sha = Payloads.sha256();
        byte[] buf = new byte[32 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          sha.update(buf, 0, n);
          Thread.sleep(1); // pacing the reader, not synchronising
        }
        return Payloads.hex(sha.digest());
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    }, task -> new Thread(task, "slow-reader").start());
  }

  @Test
  void shutdownGracefullyDeliversEverythingQueuedToSlowReaders() throws Exception {
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    List<CompletableFuture<String>> readers = new ArrayList<>();
    List<RecordingCallback.ConnRecord> conns = new ArrayList<>();
    byte[] payload = Payloads.random(QUEUED, 11);
    for (int i = 0; i < 3; i++) {
      Socket socket = connect(s);
      socket.setReceiveBufferSize(32 * 1024);
      RecordingCallback.ConnRecord r = cb.awaitOpen();
      assertTrue(r.conn.write(payload));
      conns.add(r);
      readers.add(readSlowly(socket));
    }
    assertTrue(conns.stream().anyMatch(r -> r.conn.pendingWriteBytes() > 0), "nothing was left queued");
    assertTrue(s.shutdownGracefully(Duration.ofSeconds(15)), "everything should have been sent in time");
    for (CompletableFuture<String> r : readers) assertEquals(Payloads.sha256(payload), r.get(10, TimeUnit.SECONDS));
    for (RecordingCallback.ConnRecord r : conns) {
      assertNull(r.awaitClose());
      assertFalse(r.conn.write(new byte[1]), "writes after the shutdown are refused");
    }
    cb.assertEachOpenedAndClosedOnce();
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", s.port()).close());
  }

  @Test
  void shutdownGracefullyGivesUpOnANonReadingClientAfterItsTimeout() throws Exception {
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    connect(s);
    RecordingCallback.ConnRecord r = cb.awaitOpen();
    r.conn.write(new byte[16 << 20]);
    long start = System.nanoTime();
    assertFalse(s.shutdownGracefully(Duration.ofMillis(300)), "16 MiB cannot reach a client that never reads");
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis < 5_000, "shutdownGracefully(300 ms) took " + tookMillis + " ms");
    assertInstanceOf(IOException.class, r.awaitClose(), "the dropped bytes are an error");
    assertEquals(0, s.connectionCount());
  }

  @Test
  void closeRightAfterAWorkerPoolHandlerWroteSendsEveryByteItWroteThenEndsTheStream() throws Exception {
    int pieces = 64;
    int piece = 4096; // 256 KiB in all: a 1 MiB SO_SNDBUF (or the 416 KiB a default wmem_max allows) takes it at once
    byte[] payload = Payloads.random(pieces * piece, 21);
    CountDownLatch wrote = new CountDownLatch(1);
    AtomicInteger refused = new AtomicInteger();
    RecordingCallback cb = new RecordingCallback((c, msg) -> {
      for (int i = 0; i < pieces; i++) if (!c.write(payload, i * piece, piece)) refused.incrementAndGet();
      wrote.countDown();
    });
    PulseServer s = start(server().loops(1).sendBufferSize(1 << 20).taskType(TaskType.WORKER_POOL).callback(cb));
    Socket socket = connect(s);
    RecordingCallback.ConnRecord r = cb.awaitOpen();
    socket.getOutputStream().write('x');
    assertTrue(wrote.await(10, TimeUnit.SECONDS), "the handler never ran");
    s.close(); // the worker's writes are still on their way to the loop (and, on IO_URING, to the kernel)
    byte[] got = socket.getInputStream().readAllBytes(); // to the end of the stream
    assertEquals(0, refused.get(), "writes before close() were refused");
    assertEquals(payload.length, got.length, "bytes received before the end of the stream");
    assertArrayEquals(payload, got);
    assertNull(r.awaitClose(), "nothing was dropped");
  }

  @Test
  void closeDropsWhatIsQueuedAndSaysSoInOnClose() throws Exception {
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    connect(s);
    RecordingCallback.ConnRecord loaded = cb.awaitOpen();
    Socket idleClient = connect(s);
    RecordingCallback.ConnRecord idle = cb.awaitOpen();
    loaded.conn.write(new byte[16 << 20]);
    Await.until(() -> loaded.conn.pendingWriteBytes() > 0, Duration.ofSeconds(10), () -> "nothing queued");
    s.close();
    assertNotNull(loaded.awaitClose(), "bytes were dropped");
    assertNull(idle.awaitClose(), "nothing was dropped");
    cb.assertEachOpenedAndClosedOnce();
    assertEquals(-1, idleClient.getInputStream().read());
    s.close(); // idempotent
    assertTrue(s.shutdownGracefully(Duration.ofSeconds(1)), "nothing is left to send");
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", s.port()).close());
  }
}

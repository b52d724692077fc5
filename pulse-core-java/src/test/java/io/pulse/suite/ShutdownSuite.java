package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code shutdownGracefully} sends everything queued before closing, within its timeout; {@code close()} drops
 * what is queued and says so in onClose. Either way new connections are refused afterwards.
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

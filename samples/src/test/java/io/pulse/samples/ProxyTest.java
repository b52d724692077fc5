package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The proxy sample in-process: intact in both directions, bounded memory when a side stops reading. */
class ProxyTest {
  private static final int HIGH = 256 * 1024;

  private static PulseServer echo(Transport t) throws Exception {
    return PulseServer.builder().transport(t).loops(1).callback(Callback.of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0);
  }

  private static Proxy proxy(Transport t, int targetPort) throws Exception {
    return new Proxy(PulseServer.builder().transport(t).loops(1).highWaterMark(HIGH).lowWaterMark(HIGH / 4),
        "127.0.0.1", 0, "127.0.0.1", targetPort);
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void movesSixteenMebibytesBothWaysIntact(Transport t) throws Exception {
    try (PulseServer target = echo(t); Proxy proxy = proxy(t, target.port());
         Socket s = new Socket("127.0.0.1", proxy.server.port())) {
      byte[] payload = new byte[16 << 20];
      new Random(11).nextBytes(payload);
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = s.getOutputStream();
          Random r = new Random(5);
          for (int off = 0; off < payload.length; ) {
            int n = Math.min(payload.length - off, 1 + r.nextInt(64 * 1024));
            out.write(payload, off, n);
            off += n;
          }
          s.shutdownOutput();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      s.setSoTimeout(20_000);
      byte[] got = s.getInputStream().readAllBytes(); // ends when the proxy passes the target's close on
      sent.get(20, TimeUnit.SECONDS);
      assertEquals(payload.length, got.length);
      assertArrayEquals(sha256(payload), sha256(got));
    }
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void memoryStaysBoundedWhileTheClientDoesNotRead(Transport t) throws Exception {
    try (PulseServer target = echo(t); Proxy proxy = proxy(t, target.port());
         Socket s = new Socket("127.0.0.1", proxy.server.port())) {
      long total = 64L << 20;
      AtomicLong written = new AtomicLong();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = s.getOutputStream();
          byte[] chunk = new byte[64 * 1024];
          for (long off = 0; off < total; off += chunk.length) {
            for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) ((off + i) % 251);
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      // Not reading: the writer must stall well short of 64 MiB, with the proxy's queues bounded meanwhile.
      long stalledAt = awaitStall(written);
      assertTrue(stalledAt < total, "the writer never stalled");
      long maxPending = 0;
      for (int i = 0; i < 20; i++) {
        maxPending = Math.max(maxPending, proxy.pendingBytes());
        Thread.sleep(10);
      }
      assertTrue(maxPending <= 4L * HIGH + (1 << 20), "proxy queued " + maxPending + " bytes");
      // Now read everything: it all arrives, in order.
      readPattern(s, total, proxy, 20_000);
      writer.get(20, TimeUnit.SECONDS);
    }
  }

  /**
   * The proxy's side toward the target must keep reading while its own writes to the target back up: that side's
   * input goes to the client, not back to the target. Pausing it (the default for a connection) while the target,
   * an echo, paused for the same reason, stalled both for good: with small socket buffers, within about 1.3 MB.
   */
  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void fullDuplexThroughSmallBuffersNeverStalls(Transport t) throws Exception {
    int small = 16 << 10;
    try (PulseServer target = PulseServer.builder().transport(t).loops(1).highWaterMark(64 << 10)
             .lowWaterMark(16 << 10).sendBufferSize(small).receiveBufferSize(small)
             .callback(Callback.of((c, d) -> c.write(d))).bind("127.0.0.1", 0);
         Proxy proxy = new Proxy(PulseServer.builder().transport(t).loops(1).highWaterMark(HIGH).lowWaterMark(HIGH / 4)
             .sendBufferSize(small).receiveBufferSize(small), "127.0.0.1", 0, "127.0.0.1", target.port());
         Socket s = new Socket("127.0.0.1", proxy.server.port())) {
      byte[] chunk = new byte[251 * 1024]; // a whole number of periods of the pattern: every chunk the same
      for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) (i % 251);
      long total = 64L * chunk.length; // about 16 MB
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = s.getOutputStream();
          for (long off = 0; off < total; off += chunk.length) out.write(chunk);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      readPattern(s, total, proxy, 10_000);
      writer.get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Reads {@code total} bytes of the pattern byte {@code i} = {@code i % 251} from {@code s}, checking each; fails on
   * EOF, a wrong byte, or no byte for {@code timeoutMillis} (saying how far it got and what the proxy holds).
   */
  private static void readPattern(Socket s, long total, Proxy proxy, int timeoutMillis) throws Exception {
    s.setSoTimeout(timeoutMillis);
    InputStream in = s.getInputStream();
    byte[] buf = new byte[64 * 1024];
    long read = 0;
    while (read < total) {
      int n;
      try {
        n = in.read(buf);
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("stalled after " + read + " bytes, " + proxy.pendingBytes() + " queued in the proxy");
      }
      assertTrue(n > 0, "EOF after " + read);
      for (int i = 0; i < n; i++) {
        if (buf[i] != (byte) ((read + i) % 251)) throw new AssertionError("wrong byte at " + (read + i));
      }
      read += n;
    }
  }

  /** Waits until {@code counter} stops moving for 300 ms (bounded by 15 s) and returns its value. */
  private static long awaitStall(AtomicLong counter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = counter.get();
      if (now == last) return now;
      last = now;
      Thread.sleep(300);
    }
    return counter.get();
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }
}

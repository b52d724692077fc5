package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.testing.Await;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Water marks: an echo to a client that does not read stops reading from it once more than the high water mark
 * waits to be sent, so the client's writer stalls; when the client reads, everything arrives intact.
 */
abstract class BackpressureSuite extends PulseSuite {
  static final int HIGH = 64 * 1024;
  static final int LOW = 16 * 1024;
  static final int READ_BUFFER = 4096;
  static final int READS_PER_WAKEUP = 16;
  static final long TOTAL = 64L << 20;

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void nonReadingClientStallsTheEchoThenReceivesEverything(TaskType mode) throws Exception {
    CompletableFuture<Conn> opened = new CompletableFuture<>();
    AtomicInteger writableCalls = new AtomicInteger();
    AtomicLong maxPending = new AtomicLong();
    PulseServer s = start(server().taskType(mode).highWaterMark(HIGH).lowWaterMark(LOW).readBufferSize(READ_BUFFER)
        .maxReadsPerWakeup(READS_PER_WAKEUP)
        .callback(new Callback<ByteBuffer>() {
          @Override public void onOpen(Conn conn) {
            opened.complete(conn);
          }

          @Override public void onData(Conn conn, ByteBuffer msg) {
            conn.write(msg);
            maxPending.accumulateAndGet(conn.pendingWriteBytes(), Math::max);
          }

          @Override public void onWritable(Conn conn) {
            writableCalls.incrementAndGet();
          }
        }));
    Socket socket = closeLater(new Socket());
    socket.setSendBufferSize(64 * 1024);
    socket.setReceiveBufferSize(64 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", s.port()));
    socket.setSoTimeout(CLIENT_TIMEOUT_MILLIS);
    Conn conn = opened.get(10, TimeUnit.SECONDS);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    closeLater(sampler::shutdownNow);
    sampler.scheduleAtFixedRate(() -> maxPending.accumulateAndGet(conn.pendingWriteBytes(), Math::max),
        0, 1, TimeUnit.MILLISECONDS);

    AtomicLong written = new AtomicLong();
    CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> writeStream(socket, written),
        task -> new Thread(task, "backpressure-writer").start());
    // The condition first (the writer has started and the server is over its high water mark, so it stopped
    // reading); only then does "no progress for a while" mean the writer is stalled, not merely unscheduled.
    Await.until(() -> written.get() > 0 && !conn.isWritable(), Duration.ofSeconds(20),
        () -> written.get() + " written, " + conn.pendingWriteBytes() + " pending");
    long stalledAt = Await.stalled(written::get, Duration.ofMillis(500), Duration.ofSeconds(20));
    assertTrue(stalledAt < TOTAL, "the server never stopped reading: the client wrote all " + TOTAL);
    assertFalse(conn.isWritable(), "stalled with " + conn.pendingWriteBytes() + " pending, yet writable");
    // Event loop: at most one read past the mark. Worker modes: the loop sees the workers' writes only when it
    // runs their tasks, after a turn of reads (a second one via re-reads when edge-triggered), so the overshoot
    // is a few turns' reads; it must still be nowhere near the megabytes the client wrote.
    long bound = mode == TaskType.EVENT_LOOP ? HIGH + 4 * READ_BUFFER : 8 * HIGH;
    assertTrue(maxPending.get() <= bound, "pending grew to " + maxPending.get() + " > " + bound);

    String received = readStream(socket.getInputStream());
    assertEquals(writer.get(20, TimeUnit.SECONDS), received, "SHA-256 of what came back");
    // The loop counts sent bytes after the kernel took them, so the client may be a moment ahead of it.
    Await.until(() -> conn.pendingWriteBytes() == 0, Duration.ofSeconds(10),
        () -> conn.pendingWriteBytes() + " pending");
    assertTrue(conn.isWritable());
    Await.until(() -> writableCalls.get() > 0, Duration.ofSeconds(10), () -> "no onWritable");
  }

  /**
   * With pauseReadingWhenUnwritable(false) an unwritable connection keeps reading (what it reads is the callback's
   * to route): an echo whose client does not read grows its backlog past the high water mark until
   * maxPendingWriteBytes closes it, with the error saying so; with the default it stalls (the test above).
   */
  @Test
  void withoutThePauseAnUnreadEchoReadsOnUntilMaxPendingWriteBytesClosesIt() throws Exception {
    long limit = 1 << 20;
    CompletableFuture<Conn> opened = new CompletableFuture<>();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    AtomicLong readWhileUnwritable = new AtomicLong();
    PulseServer s = start(server().highWaterMark(HIGH).lowWaterMark(LOW).readBufferSize(READ_BUFFER)
        .pauseReadingWhenUnwritable(false).maxPendingWriteBytes(limit)
        .callback(new Callback<ByteBuffer>() {
          @Override public void onOpen(Conn conn) {
            opened.complete(conn);
          }

          @Override public void onData(Conn conn, ByteBuffer msg) {
            if (!conn.isWritable()) readWhileUnwritable.addAndGet(msg.remaining());
            conn.write(msg);
          }

          @Override public void onClose(Conn conn, Throwable err) {
            closed.complete(err);
          }
        }));
    Socket socket = closeLater(new Socket());
    socket.setReceiveBufferSize(64 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", s.port()));
    opened.get(10, TimeUnit.SECONDS);
    AtomicLong written = new AtomicLong();
    CompletableFuture.supplyAsync(() -> writeStream(socket, written), // fails once the server closes: expected
        task -> new Thread(task, "backpressure-writer").start());
    Throwable err = closed.get(20, TimeUnit.SECONDS);
    assertTrue(err instanceof java.io.IOException && err.getMessage().contains("maxPendingWriteBytes"),
        "closed with " + err);
    assertTrue(readWhileUnwritable.get() > limit / 2, "read only " + readWhileUnwritable.get()
        + " bytes while unwritable");
  }

  /**
   * onWritable that writes more and closes (a sender finishing its stream) is called from inside a flush: the close
   * must wait for that write to go out, not close with it queued because the flush around the callback had drained.
   */
  @Test
  void aWriteAndCloseInOnWritableSendsEverythingFirst() throws Exception {
    byte[] first = Payloads.random(8 << 20, 1);
    byte[] last = Payloads.random(8 << 20, 2);
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    AtomicInteger writableCalls = new AtomicInteger();
    PulseServer s = start(server().highWaterMark(HIGH).lowWaterMark(LOW).sendBufferSize(64 * 1024)
        .callback(new Callback<ByteBuffer>() {
          @Override public void onOpen(Conn conn) {
            conn.write(first);
          }

          @Override public void onData(Conn conn, ByteBuffer msg) {}

          @Override public void onWritable(Conn conn) {
            if (writableCalls.getAndIncrement() > 0) return; // again once the last part drained
            conn.write(last);
            conn.close();
          }

          @Override public void onClose(Conn conn, Throwable err) {
            closed.complete(err);
          }
        }));
    Socket socket = closeLater(new Socket());
    socket.setReceiveBufferSize(64 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", s.port()));
    socket.setSoTimeout(CLIENT_TIMEOUT_MILLIS);
    byte[] received = socket.getInputStream().readAllBytes();
    assertEquals(first.length + last.length, received.length, "bytes received before the end of stream");
    MessageDigest sent = Payloads.sha256();
    sent.update(first);
    sent.update(last);
    assertEquals(Payloads.hex(sent.digest()), Payloads.sha256(received), "SHA-256 of what arrived");
    assertNull(closed.get(10, TimeUnit.SECONDS), "onClose error");
  }

  /** Writes TOTAL seeded random bytes in 64 KiB chunks, counting them; returns their SHA-256. */
  private static String writeStream(Socket socket, AtomicLong written) {
    try {
      OutputStream out = socket.getOutputStream();
      MessageDigest sha = Payloads.sha256();
      Random r = new Random(64);
      byte[] chunk = new byte[64 * 1024];
      for (long off = 0; off < TOTAL; off += chunk.length) {
        r.nextBytes(chunk);
        sha.update(chunk);
        out.write(chunk);
        written.addAndGet(chunk.length);
      }
      return Payloads.hex(sha.digest());
    } catch (Exception e) {
      throw new RuntimeException("client writer failed after " + written + " bytes", e);
    }
  }

  private static String readStream(InputStream in) throws Exception {
    MessageDigest sha = Payloads.sha256();
    byte[] buf = new byte[64 * 1024];
    for (long read = 0; read < TOTAL; ) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, TOTAL - read));
      assertTrue(n > 0, "EOF after " + read + " of " + TOTAL + " bytes");
      sha.update(buf, 0, n);
      read += n;
    }
    return Payloads.hex(sha.digest());
  }
}

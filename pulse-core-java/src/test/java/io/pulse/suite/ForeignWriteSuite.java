package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Conn;
import io.pulse.PulseServer;
import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code conn.write} from threads other than the loop: each thread's writes reach the peer in the order made,
 * and a foreign {@code close()} sends what was queued before closing.
 */
abstract class ForeignWriteSuite extends PulseSuite {
  static final int MESSAGES = 10_000;

  private ExecutorService writers(int n) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    closeLater(pool::shutdownNow);
    return pool;
  }

  /** Message {@code seq} of writer {@code tag}: tag, seq, and seq % 97 filler bytes to vary the sizes. */
  private static ByteBuffer message(int tag, int seq) {
    int filler = seq % 97;
    ByteBuffer b = ByteBuffer.allocate(12 + filler).putInt(tag).putInt(seq).putInt(filler);
    while (b.hasRemaining()) b.put((byte) seq);
    return b.flip();
  }

  /** Reads one message and returns {tag, seq} after checking its filler. */
  private static int[] readMessage(DataInputStream in) throws Exception {
    int tag = in.readInt();
    int seq = in.readInt();
    byte[] filler = new byte[in.readInt()];
    in.readFully(filler);
    for (byte f : filler) assertEquals((byte) seq, f, "filler of message " + seq);
    return new int[] {tag, seq};
  }

  @Test
  void writesFromOneForeignThreadArriveInOrder() throws Exception {
    ExecutorService pool = writers(1);
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    DataInputStream in = new DataInputStream(connect(s).getInputStream());
    Conn conn = cb.awaitOpen().conn;
    Future<?> done = pool.submit(() -> {
      for (int i = 0; i < MESSAGES; i++) assertTrue(conn.write(message(0, i)), "write " + i);
    });
    for (int i = 0; i < MESSAGES; i++) assertEquals(i, readMessage(in)[1], "message out of order");
    done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void severalForeignThreadsEachKeepTheirOwnOrder() throws Exception {
    int threads = 4;
    ExecutorService pool = writers(threads);
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    DataInputStream in = new DataInputStream(connect(s).getInputStream());
    Conn conn = cb.awaitOpen().conn;
    for (int t = 0; t < threads; t++) {
      int tag = t;
      pool.submit(() -> {
        for (int i = 0; i < MESSAGES; i++) conn.write(message(tag, i));
      });
    }
    int[] next = new int[threads];
    for (int k = 0; k < threads * MESSAGES; k++) {
      int[] m = readMessage(in);
      assertEquals(next[m[0]]++, m[1], "writer " + m[0] + " out of order");
    }
  }

  @Test
  void closeFromOtherThreadSendsWhatWasQueuedThenCloses() throws Exception {
    ExecutorService pool = writers(1);
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    DataInputStream in = new DataInputStream(connect(s).getInputStream());
    RecordingCallback.ConnRecord r = cb.awaitOpen();
    pool.submit(() -> {
      for (int i = 0; i < MESSAGES; i++) r.conn.write(message(0, i));
      r.conn.close();
      assertFalse(r.conn.write(new byte[1]), "a write after close() is refused");
    }).get(10, TimeUnit.SECONDS);
    for (int i = 0; i < MESSAGES; i++) assertEquals(i, readMessage(in)[1]);
    assertEquals(-1, in.read(), "EOF after the queued bytes");
    assertNull(r.awaitClose());
    assertTrue(r.closeThread.startsWith("pulse-loop-"), "onClose ran on " + r.closeThread);
    assertFalse(r.conn.isOpen());
  }

  @Test
  void writeToAClosedConnectionReturnsFalse() throws Exception {
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    connect(s).close();
    RecordingCallback.ConnRecord r = cb.awaitOpen();
    assertNull(r.awaitClose());
    assertFalse(r.conn.write(new byte[] {1}));
    assertFalse(r.conn.write(ByteBuffer.allocate(1)));
    assertEquals(0, r.conn.pendingWriteBytes());
  }
}

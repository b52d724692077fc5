package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.internal.loop.LoopStats;
import io.pulse.internal.server.ServerImpl;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A short read ends a read turn (edge-triggered too: what arrives later brings a new edge), yet the peer's FIN is
 * never missed however it arrives: in the same wake-up as the last bytes, after more than one wake-up's worth of
 * reads, while reading is paused. And a small message costs one read system call, not a second one that finds
 * nothing.
 */
abstract class EndOfStreamSuite extends PulseSuite {
  private static final int BUFFER = 4096;

  /** Collects what one connection receives; its onOpen can hold the loop until the client has sent everything. */
  static final class Collector implements Callback<ByteBuffer> {
    final CountDownLatch opened = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch inputClosed = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final boolean holdLoop;
    private final boolean pause;
    volatile Conn conn;
    volatile Throwable error;

    /** {@code holdLoop}: onOpen blocks its loop until {@link #release}; {@code pause}: onOpen pauses reading. */
    Collector(boolean holdLoop, boolean pause) {
      this.holdLoop = holdLoop;
      this.pause = pause;
    }

    @Override public void onOpen(Conn c) {
      conn = c;
      if (pause) c.pauseReading();
      opened.countDown();
      if (holdLoop) {
        try {
          release.await(10, TimeUnit.SECONDS); // data and FIN pile up unread: one wake-up then reports both
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override public void onData(Conn c, ByteBuffer msg) {
      byte[] b = new byte[msg.remaining()];
      msg.get(b);
      synchronized (bytes) {
        bytes.writeBytes(b);
      }
    }

    @Override public void onInputClosed(Conn c) {
      inputClosed.countDown();
      c.close();
    }

    @Override public void onClose(Conn c, Throwable err) {
      error = err;
      closed.countDown();
    }

    byte[] bytes() {
      synchronized (bytes) {
        return bytes.toByteArray();
      }
    }

    /** Waits for the end of stream and the orderly close, then checks every byte arrived before it. */
    void assertReceivedThenEof(byte[] payload) throws InterruptedException {
      assertTrue(inputClosed.await(10, TimeUnit.SECONDS),
          "no end of stream after " + bytes().length + " of " + payload.length + " bytes: the FIN was missed");
      assertTrue(closed.await(10, TimeUnit.SECONDS), "no onClose");
      assertNull(error, "an orderly close");
      assertArrayEquals(payload, bytes());
    }
  }

  private PulseServer.Builder<ByteBuffer> server(Collector c) {
    return server().readBufferSize(BUFFER).callback(c);
  }

  /** Connects, waits for onOpen, sends {@code payload} in one write and half-closes at once. */
  private Socket sendThenHalfClose(PulseServer s, Collector c, byte[] payload) throws Exception {
    Socket socket = connect(s);
    assertTrue(c.opened.await(10, TimeUnit.SECONDS), "no onOpen");
    socket.getOutputStream().write(payload);
    socket.shutdownOutput();
    return socket;
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 100, BUFFER - 1})
  void finArrivingWithTheLastBytesEndsTheStream(int size) throws Exception {
    Collector c = new Collector(true, false);
    PulseServer s = start(server(c));
    byte[] payload = Payloads.random(size, size);
    sendThenHalfClose(s, c, payload);
    c.release.countDown(); // one wake-up: the bytes (a short read) and the FIN, with no edge left to come
    c.assertReceivedThenEof(payload);
  }

  @Test
  void finAfterMoreThanOneWakeupsWorthOfReadsEndsTheStream() throws Exception {
    Collector c = new Collector(true, false);
    PulseServer s = start(server(c).maxReadsPerWakeup(2));
    // Two reads a wake-up: full, full | full, full | short, and on that read-again turn no edge is left to come.
    byte[] payload = Payloads.random(4 * BUFFER + 123, 5);
    sendThenHalfClose(s, c, payload);
    c.release.countDown();
    c.assertReceivedThenEof(payload);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {100, 3 * BUFFER + 7})
  void finArrivingWhileReadingIsPausedEndsTheStreamOnResume(int size) throws Exception {
    Collector c = new Collector(false, true);
    PulseServer s = start(server(c));
    byte[] payload = Payloads.random(size, size);
    Socket socket = sendThenHalfClose(s, c, payload);
    assertTrue(c.conn.isOpen());
    assertArrayEquals(new byte[0], c.bytes(), "read while paused");
    c.conn.resumeReading(); // no new edge for what is already waiting: the resume must read it, FIN and all
    c.assertReceivedThenEof(payload);
    assertTrue(socket.getInputStream().read() < 0, "the server closed");
  }

  @Test
  void hangUpWhileReadingIsPausedAfterOurOutputIsShutKeepsTheUnreadInput() throws Exception {
    // A proxy's pattern: this side already passed a half-close on (its output is shut), reading is paused for
    // backpressure, and the peer's last bytes and FIN arrive. epoll reports a hang-up for that; the bytes still
    // waiting unread in the kernel must reach onData on resume, not be dropped by closing.
    Collector c = new Collector(false, true);
    PulseServer s = start(server(c));
    Socket socket = connect(s);
    assertTrue(c.opened.await(10, TimeUnit.SECONDS), "no onOpen");
    c.conn.shutdownOutput();
    socket.setSoTimeout(10_000);
    assertTrue(socket.getInputStream().read() < 0, "the server's output was not shut");
    byte[] payload = Payloads.random(3 * BUFFER + 7, 9);
    socket.getOutputStream().write(payload);
    socket.shutdownOutput();
    // Two loop turns after the FIN landed (on loopback it has when shutdownOutput returns): each turn polls first.
    CountDownLatch turns = new CountDownLatch(1);
    c.conn.executor().execute(() -> c.conn.executor().execute(turns::countDown));
    assertTrue(turns.await(10, TimeUnit.SECONDS), "the loop did not turn");
    assertTrue(c.conn.isOpen(), "closed on the hang-up with " + payload.length + " bytes unread");
    c.conn.resumeReading();
    assertTrue(c.closed.await(10, TimeUnit.SECONDS), "no onClose after " + c.bytes().length + " bytes");
    assertNull(c.error, "an orderly close");
    assertArrayEquals(payload, c.bytes());
  }

  @Test
  void manyTinyWritesAllArriveBeforeTheEnd() throws Exception {
    Collector c = new Collector(false, false);
    PulseServer s = start(server(c));
    Socket socket = connect(s);
    socket.setTcpNoDelay(true); // one segment per write: reads race arrivals, short reads everywhere
    byte[] payload = Payloads.random(30_000, 3);
    OutputStream out = socket.getOutputStream();
    for (int off = 0; off < payload.length; off += 3) out.write(payload, off, 3);
    socket.shutdownOutput();
    c.assertReceivedThenEof(payload);
  }

  @Test
  void aSmallMessageCostsOneReadSystemCall() throws Exception {
    PulseServer s = start(server().loops(1).readBufferSize(BUFFER).callback(RecordingCallback.echo()));
    Socket socket = connect(s);
    OutputStream out = socket.getOutputStream();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] msg = new byte[64];
    out.write(msg);
    in.readFully(new byte[64]); // open and warm
    LoopStats stats = ((ServerImpl) s).loops().get(0).stats;
    long reads0 = stats.socketReads;
    int rounds = 500;
    for (int i = 0; i < rounds; i++) {
      msg[0] = (byte) i;
      out.write(msg);
      byte[] back = new byte[64];
      in.readFully(back);
      assertArrayEquals(msg, back, "round trip " + i);
    }
    long reads = stats.socketReads - reads0;
    // One read a message (a short read ends the turn); reading on to EAGAIN would make it two.
    assertTrue(reads <= rounds + rounds / 10, reads + " read system calls for " + rounds + " messages");
  }
}

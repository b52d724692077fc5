package io.pulse.internal.server;

import io.pulse.ConnTimeoutException;
import io.pulse.internal.loop.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One connection's {@link SSLEngine}: a stage between its socket and its codec/callback. Ciphertext comes in from
 * the loop's read buffer and goes out into the connection's {@link OutboundBacklog}; plaintext goes up to the
 * {@link Host} through the loop's {@link TlsScratch}. Only a partial record is kept per connection, and only while
 * it is partial. Delegated tasks (key exchange, certificate checks) run off the loop on the endpoint's TLS pool;
 * the {@link ReadGate} pauses reading meanwhile. Loop thread only.
 */
final class TlsLayer {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** What the stage needs from its connection, above it. Loop thread. */
  interface Host {
    /** Decrypted bytes {@code plain[0, n)} for the codec or callback. */
    void plaintext(ByteBuffer plain, int n) throws IOException;

    /** The handshake is done: onOpen is due. */
    void handshakeDone();

    /** The peer sent close_notify: its input is over. */
    void inputClosed() throws IOException;

    /** Sends what was queued without a write (handshake records after tasks). */
    void sendQueued();

    /** Closes the connection at once with {@code err}. */
    void abort(Throwable err);

    /** True once the connection is closed. */
    boolean isClosed();
  }

  private final SSLEngine engine;
  private final Host conn;
  private final OutboundBacklog out;
  private final ReadGate gate;
  private final EventLoop loop;
  private final TlsScratch scratch;
  private final Executor tasks;
  private ByteBuffer partial; // write mode; a record not yet complete (null while none)
  private ArrayDeque<ByteBuffer> held; // plaintext written while a handshake stops wrapping (rare)
  private boolean finished;
  private long timeoutId; // the handshake timeout's timer, 0 if none
  private boolean tasksRunning;

  TlsLayer(SSLEngine engine, Host conn, OutboundBacklog out, ReadGate gate, EventLoop loop, TlsScratch scratch,
      Executor tasks) {
    this.engine = engine;
    this.conn = conn;
    this.out = out;
    this.gate = gate;
    this.loop = loop;
    this.scratch = scratch;
    this.tasks = tasks;
  }

  /** The session once the handshake is done, else null. */
  javax.net.ssl.SSLSession session() {
    return finished ? engine.getSession() : null;
  }

  /** The protocol ALPN chose once the handshake is done, else null. */
  String applicationProtocol() {
    String p = finished ? engine.getApplicationProtocol() : null;
    return p == null || p.isEmpty() ? null : p;
  }

  /** True while complete records may wait in {@link #partial} (after a pause or delegated tasks). */
  boolean hasBufferedInput() {
    return partial != null && partial.position() > 0;
  }

  /**
   * Starts the handshake (a client sends its hello now), to be finished within {@code timeoutNanos} (0: no limit)
   * or the connection {@code connId} closes. Failures close the connection.
   */
  void begin(long connId, long timeoutNanos) {
    if (timeoutNanos > 0) {
      timeoutId = loop.schedule(timeoutNanos, () -> {
        timeoutId = 0;
        if (!finished && !conn.isClosed()) {
          conn.abort(new ConnTimeoutException(ConnTimeoutException.Kind.HANDSHAKE, "connection " + connId
              + ": TLS handshake not finished within " + timeoutNanos / 1_000_000 + " ms"));
        }
      });
    }
    try {
      engine.beginHandshake();
      handshake(engine.getHandshakeStatus());
      conn.sendQueued();
    } catch (Throwable t) {
      conn.abort(t);
    }
  }

  /** Stops the handshake timer (the connection closed). */
  void cancelTimeout() {
    if (timeoutId != 0) loop.unschedule(timeoutId);
    timeoutId = 0;
  }

  // ---- inbound ----

  /**
   * Decrypts {@code direct[0, n)} (the loop's read buffer), delivering plaintext while the connection reads. The
   * bytes are copied to a heap buffer first: the JDK's AES-GCM allocates per record when fed direct buffers.
   */
  void onCiphertext(ByteBuffer direct, int n) throws IOException {
    direct.limit(n).position(0);
    ByteBuffer src = scratch.net(n);
    src.clear();
    src.put(direct).flip();
    if (hasBufferedInput()) {
      keep(src);
      drain();
      return;
    }
    unwrapAll(src);
    if (src.hasRemaining()) keep(src);
    gate.holdsInput(hasBufferedInput());
  }

  /** Decrypts what {@link #partial} holds, as far as the connection still reads. */
  void drain() throws IOException {
    if (!hasBufferedInput()) return;
    partial.flip();
    try {
      unwrapAll(partial);
    } finally {
      partial.compact();
    }
    if (partial.position() == 0) partial = null; // idle connections hold no input buffer
    gate.holdsInput(hasBufferedInput());
  }

  private void unwrapAll(ByteBuffer in) throws IOException {
    int size = engine.getSession().getApplicationBufferSize();
    while (in.hasRemaining() && !tasksRunning && gate.isOpen()) {
      ByteBuffer plain = scratch.plain(size);
      plain.clear();
      SSLEngineResult r = engine.unwrap(in, plain);
      switch (r.getStatus()) {
        case BUFFER_UNDERFLOW:
          return; // a partial record: wait for the rest
        case BUFFER_OVERFLOW:
          size = grown(size, plain.capacity(), engine.getSession().getApplicationBufferSize());
          continue;
        case CLOSED:
          if (r.bytesProduced() > 0) conn.plaintext(plain, r.bytesProduced());
          in.position(in.limit()); // nothing after close_notify counts
          conn.inputClosed();
          return;
        default:
          break;
      }
      if (r.bytesProduced() > 0) conn.plaintext(plain, r.bytesProduced());
      HandshakeStatus hs = r.getHandshakeStatus();
      if (hs != HandshakeStatus.NOT_HANDSHAKING) handshake(hs);
      if (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && hs == HandshakeStatus.NOT_HANDSHAKING) return;
    }
  }

  private void keep(ByteBuffer src) {
    int need = src.remaining();
    if (partial == null) {
      partial = ByteBuffer.allocate(Math.max(need, engine.getSession().getPacketBufferSize()));
    } else if (partial.remaining() < need) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(partial.capacity() * 2, partial.position() + need));
      partial.flip();
      partial = bigger.put(partial);
    }
    partial.put(src);
  }

  /** The next buffer size after an overflow: what the session asks for now, or double when that did not help. */
  private static int grown(int asked, int had, int sessionWants) throws SSLException {
    int next = sessionWants > had ? sessionWants : had * 2;
    if (next > (1 << 24)) throw new SSLException("TLS buffer overflow at " + had + " bytes (asked " + asked + ")");
    return next;
  }

  // ---- handshake ----

  private void handshake(HandshakeStatus hs) throws IOException {
    while (true) {
      switch (hs) {
        case NEED_WRAP:
          hs = wrapOnce(EMPTY).getHandshakeStatus();
          break;
        case NEED_TASK:
          runTasks();
          return;
        case FINISHED:
          onFinished();
          hs = engine.getHandshakeStatus();
          break;
        case NOT_HANDSHAKING:
          if (!finished) onFinished(); // some engines report the end only this way
          writeHeld();
          return;
        default: // NEED_UNWRAP, NEED_UNWRAP_AGAIN: the peer's turn
          return;
      }
    }
  }

  private void onFinished() {
    if (finished) return;
    finished = true;
    cancelTimeout();
    conn.handshakeDone();
  }

  private void runTasks() throws IOException {
    tasksRunning = true;
    gate.pause(ReadGate.TLS_TASKS);
    tasks.execute(() -> {
      Throwable failure = null;
      try {
        for (Runnable t; (t = engine.getDelegatedTask()) != null; ) t.run();
      } catch (Throwable t) {
        failure = t;
      }
      Throwable err = failure;
      loop.execute(() -> afterTasks(err));
    });
  }

  private void afterTasks(Throwable err) {
    tasksRunning = false;
    if (conn.isClosed()) return;
    try {
      if (err != null) throw new SSLException("TLS handshake task failed: " + err, err);
      gate.resume(ReadGate.TLS_TASKS);
      if (conn.isClosed()) return;
      handshake(engine.getHandshakeStatus());
      drain();
      conn.sendQueued();
    } catch (Throwable t) {
      conn.abort(t);
    }
  }

  // ---- outbound ----

  /**
   * Encrypts {@code plain} into the backlog and reports as a backlog append does ({@link OutboundBacklog#check});
   * a failure closes the connection.
   */
  int queue(ByteBuffer plain) {
    try {
      write(plain);
    } catch (IOException e) {
      conn.abort(e);
      return OutboundBacklog.FINE;
    }
    return out.check();
  }

  /** Encrypts the remaining bytes of {@code plain} into the outbound queue (or holds a copy mid-handshake). */
  void write(ByteBuffer plain) throws IOException {
    if (!finished || held != null || tasksRunning) {
      hold(plain);
      return;
    }
    while (plain.hasRemaining()) {
      SSLEngineResult r = wrapOnce(plain);
      HandshakeStatus hs = r.getHandshakeStatus();
      if (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
        handshake(hs);
        if (plain.hasRemaining() && engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
          hold(plain); // a renegotiation stops application data until it is done
          return;
        }
      }
    }
  }

  private void hold(ByteBuffer plain) {
    if (held == null) held = new ArrayDeque<>();
    ByteBuffer copy = ByteBuffer.allocate(plain.remaining());
    copy.put(plain).flip();
    held.add(copy);
    out.count(copy.remaining());
  }

  private void writeHeld() throws IOException {
    if (held == null || !finished || tasksRunning) return;
    ArrayDeque<ByteBuffer> q = held;
    held = null;
    for (ByteBuffer b; (b = q.poll()) != null; ) {
      out.count(-b.remaining());
      write(b);
    }
  }

  /** Queues close_notify (after anything held); the caller flushes. */
  void closeOutbound() throws IOException {
    if (engine.isOutboundDone()) return;
    writeHeld();
    int stuck = 0;
    if (held != null) { // a renegotiation never finished: say what could not be sent
      for (ByteBuffer h : held) stuck += h.remaining();
      held = null;
      out.count(-stuck);
    }
    engine.closeOutbound();
    while (!engine.isOutboundDone()) {
      if (wrapOnce(EMPTY).bytesProduced() == 0) break;
    }
    if (stuck > 0) throw new SSLException("closed mid-handshake with " + stuck + " bytes not sent");
  }

  private SSLEngineResult wrapOnce(ByteBuffer plain) throws IOException {
    int size = engine.getSession().getPacketBufferSize();
    while (true) {
      ByteBuffer net = scratch.cipher(size);
      net.clear();
      SSLEngineResult r = engine.wrap(plain, net);
      if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        size = grown(size, net.capacity(), engine.getSession().getPacketBufferSize());
        continue;
      }
      if (r.bytesProduced() > 0) {
        net.flip();
        out.put(net); // the marks are checked once the whole write is queued
      }
      if (r.getStatus() == SSLEngineResult.Status.CLOSED && plain.hasRemaining()) {
        throw new SSLException("TLS session closed: " + plain.remaining() + " bytes cannot be sent");
      }
      return r;
    }
  }
}

package io.pulse.internal.server;

import io.pulse.Conn;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.loop.LoopStats;
import io.pulse.internal.net.StreamSocket;
import io.pulse.internal.poll.Inbox;
import io.pulse.internal.poll.LoopPoller;
import io.pulse.internal.unix.Errno;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A connection: its socket, read loop, flush and close state machine, all owned by its loop. The outbound bytes
 * and water marks live in its {@link OutboundBacklog}, the read/pause/poller state in its {@link ReadGate}, the way
 * to onOpen in a {@link ConnOpening}, and TLS (if any) in a {@link TlsLayer} stage. Public methods may be called
 * from any thread; work for the loop is handed over through {@link EventLoop#execute}.
 */
final class ConnImpl extends AbstractConn {
  private static final VarHandle OPEN;

  static {
    try {
      OPEN = MethodHandles.lookup().findVarHandle(ConnImpl.class, "open", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final SerialExecutor serial;
  private final Dispatcher dispatch;
  private final OutboundBacklog backlog;
  /** Input handed to worker threads; null when callbacks run on the loop. */
  final InboundBacklog inbound;
  private final ReadGate gate;
  private final int maxReads;
  private final LoopStats stats;
  private final Framer framer;
  private ConnTimers timers;
  private TlsLayer tls; // the TLS stage; null on a plain connection
  private ConnOpening opening; // until onOpen, for a connection someone waits for

  // Shared with other threads.
  private volatile boolean open = true;
  private volatile boolean failed;
  private volatile boolean outputShut;
  private volatile Throwable closeCause; // from close(cause); reaches onClose

  // Loop thread only.
  private boolean inputDone;
  private boolean closeAfterFlush;
  private boolean closed;
  private boolean holdFlush; // replies to messages of one read go out together, after the read is dispatched
  private boolean shutdownAfterFlush;
  private boolean outputDone;
  private boolean announced; // onOpen delivered (so onClose is owed)

  ConnImpl(EventLoop loop, StreamSocket sock, OpenConns group, Dispatcher dispatch, ServerOptions o) {
    super(loop, sock, o, group);
    this.dispatch = dispatch;
    this.serial = dispatch.newSerial();
    this.backlog = new OutboundBacklog(loop.newOutboundBuffer(), o);
    this.gate = new ReadGate(this, loop);
    this.inbound = serial == null ? null : new InboundBacklog(o.highWaterMark, o.lowWaterMark, gate, loop);
    this.maxReads = o.maxReadsPerWakeup;
    this.stats = loop.stats;
    this.framer = o.codec == null ? null : new Framer(o.codec, this, dispatch);
  }

  /** Puts a TLS stage between the socket and the callback; before {@link #start} or {@link #connect}. */
  void useTls(javax.net.ssl.SSLEngine engine, TlsScratch scratch, java.util.concurrent.Executor tasks) {
    tls = new TlsLayer(engine, new TlsHost(), backlog, gate, loop, scratch, tasks);
  }

  /**
   * Registers with the loop's poller and delivers onOpen (with TLS: once the handshake is done), completing
   * {@code f} (may be null) just before; false (socket closed) if registration failed. The caller has counted the
   * connection in {@code loop.openConnections}; closing uncounts it.
   */
  boolean start(CompletableFuture<Conn> f) {
    try {
      gate.register(LoopPoller.READ);
    } catch (Throwable t) {
      log.warn("conn {}: registration failed, closing", id, t);
      abandon();
      return false;
    }
    if (f != null || tls != null) opening = new ConnOpening(this, f);
    opened();
    return true;
  }

  /**
   * Registers a socket whose connect is under way; completes {@code f} once connected (then onOpen follows) or
   * fails it (refused, timed out) without any callback. Loop thread.
   */
  void connect(CompletableFuture<Conn> f, String target, long timeoutNanos) {
    opening = new ConnOpening(this, null);
    opening.connect(gate, f, target, timeoutNanos);
  }

  /** Registered and connected: joins the group, starts the timers and the TLS handshake or announces. */
  private void opened() {
    group.added(this);
    if (options.idleTimeoutNanos > 0 || options.heartbeat != null) {
      timers = new ConnTimers(this, loop, options.idleTimeoutNanos, options.heartbeatNanos, options.heartbeat);
      timers.start();
    }
    if (tls != null) tls.begin(id, options.tlsHandshakeTimeoutNanos);
    else announce();
  }

  /** Delivers onOpen; closes quietly if the opener gave up (cancelled) meanwhile. */
  private void announce() {
    ConnOpening o = opening;
    opening = null;
    if (o != null && !o.announce()) { // nobody will use it
      closeNow(null);
      return;
    }
    announced = true;
    dispatch.open(this);
  }

  /** Closes a connection nobody was told about (no onOpen, so no onClose either). Loop thread. */
  void abandon() {
    closed = true;
    open = false;
    gate.deregister();
    closeSocket();
  }

  @Override public void readDeadline(java.time.Duration timeout) { deadline(timeout, true); }

  @Override public void writeDeadline(java.time.Duration timeout) { deadline(timeout, false); }

  private void deadline(java.time.Duration timeout, boolean read) {
    long nanos = timeout == null ? 0 : timeout.toNanos();
    onLoop(() -> {
      if (closed) return;
      if (timers == null) timers = new ConnTimers(this, loop, 0, 0, null);
      if (read) timers.readDeadline(nanos);
      else timers.writeDeadline(nanos);
    });
  }

  // ---- readiness (loop thread) ----

  @Override
  public void onReady(int ops) {
    try {
      if (closed) return;
      if (opening != null && opening.isConnecting()) {
        if (opening.finishConnect(sock, gate)) opened();
        return;
      }
      if ((ops & LoopPoller.WRITE) != 0 && gate.waitingWritable()) flush();
      if (closed) return;
      int errno = ops >>> LoopPoller.ERRNO_SHIFT;
      if (errno != 0) { // the poller already knows why (kqueue's EV_EOF with fflags): say so, not "EOF"
        closeNow(Errno.newIOException("connection " + id, errno));
        return;
      }
      if ((ops & LoopPoller.READ) != 0 && gate.isOpen()) read((ops & LoopPoller.HANGUP) != 0);
      else if ((ops & LoopPoller.ERROR) != 0) onError();
    } catch (Throwable t) {
      closeNow(t);
    }
  }

  /** True while input is still wanted (not closed, failed or closing). Loop thread. */
  boolean readable() {
    return !inputDone && !closeAfterFlush && !closed && !failed;
  }

  /**
   * Reads up to {@code maxReads} times. A short read ends the turn: the socket was drained, and whatever arrives
   * later brings a new edge (or, level-triggered, readiness). Not so for an end of stream already reported: after
   * {@code hangup} (the poller saw the peer's FIN, or a read-again turn) an edge-triggered read goes on to EAGAIN
   * or EOF.
   */
  private void read(boolean hangup) throws IOException {
    final ByteBuffer buf = loop.readBuffer;
    final int cap = buf.capacity();
    final boolean toEnd = hangup && gate.edge();
    if (gate.holdsInput()) { // records the TLS stage kept while reading was paused
      received(buf, loop.readView, -1);
      if (!gate.isOpen()) return;
    }
    final Inbox inbox = sock.inbox();
    if (inbox != null) {
      readReceived(inbox, cap);
      return;
    }
    for (int reads = 0; ; ) {
      int n = sock.read(buf, loop.readAddress, cap);
      stats.socketReads++;
      if (n < 0) return; // drained (EAGAIN)
      if (n == 0) {
        onEof();
        return;
      }
      counted(n);
      received(buf, loop.readView, n);
      if (!gate.isOpen()) return;
      if (++reads == maxReads) {
        if (gate.edge()) loop.readAgain(this); // edge-triggered: nobody will tell us again
        return;
      }
      if (n < cap && !toEnd) return; // short read: the socket is drained for now
    }
  }

  /**
   * Reads what a completion-based poller already received (IO_URING), up to {@code maxReads} buffers, each handed
   * up in place (no copy into the read buffer) and given back to the poller once the callback, codec or TLS stage
   * returned. Stops when nothing more has arrived.
   */
  private void readReceived(Inbox inbox, int cap) throws IOException {
    try {
      for (int reads = 0; ; ) {
        int n = inbox.lend(loop.readBuffer, loop.readAddress, cap);
        stats.socketReads++;
        if (n < 0) return;
        if (n == 0) {
          onEof();
          return;
        }
        counted(n);
        ByteBuffer lent = inbox.lent();
        if (lent == null) received(loop.readBuffer, loop.readView, n); // copied (after input kept aside)
        else received(lent, inbox.lentBigEndian(), n);
        if (!gate.isOpen() || ++reads == maxReads || !inbox.hasInput()) return;
      }
    } finally {
      inbox.giveBack();
    }
  }

  /** Counts a read of {@code n} bytes and tells the idle timer. */
  private void counted(int n) {
    stats.reads++;
    stats.bytesIn += n;
    if (timers != null) timers.onRead();
  }

  /**
   * Hands {@code n} bytes just read (-1: the input the TLS stage kept) up: raw to onData, else through the TLS stage
   * and the codec, holding the flush so that one write carries the replies to all the messages of the read.
   * {@code raw} holds them from index 0 (the loop's read buffer, or a buffer the poller lent), {@code bigEndian} is
   * the same bytes in big-endian order.
   */
  private void received(ByteBuffer raw, ByteBuffer bigEndian, int n) throws IOException {
    if (tls == null && framer == null) {
      dispatch.data(this, raw, n); // raw bytes: one onData a read, written straight from the read buffer
      return;
    }
    holdFlush = true;
    try {
      if (tls == null) framer.onBytes(bigEndian, n);
      else if (n < 0) tls.drain();
      else tls.onCiphertext(raw, n);
    } finally {
      releaseFlush(); // also before a codec error closes the connection: replies already made go out
    }
  }

  private void onEof() throws IOException {
    if (!announced) { // mid-handshake: nobody was told about this connection
      closeNow(new javax.net.ssl.SSLHandshakeException("connection " + id + ": the peer closed it during the TLS handshake"));
      return;
    }
    inputDone = true;
    if (outputDone) {
      closeNow(null);
      return;
    }
    gate.pause(ReadGate.STOPPED);
    if (!closed) dispatch.eof(this);
  }

  private void onError() throws IOException {
    int err = sock.pendingError();
    if (err != 0) {
      closeNow(Errno.newIOException("connection " + id + " (SO_ERROR)", err));
    } else if (!backlog.queue.isEmpty()) {
      flush(); // fails with EPIPE/ECONNRESET if the peer is gone
    } else if (readable() && !gate.isOpen() && sock.inbox() == null) {
      // epoll's hang-up while reading is paused: the input still unread is kept for the resume (a completion
      // poller has received that input already, and a paused reader's part of it sits in its registration)
      gate.parkHangup();
    } else {
      closeNow(null);
    }
  }

  // ---- writing ----

  @Override
  public boolean write(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    if (!open || outputShut) return false;
    if (loop.inLoop()) {
      stats.writes++;
      if (length == 0) return true;
      if (writesThrough(length)) {
        loop.writeScratch.clear().put(0, data, offset, length);
        int w = sendScratch(length);
        if (w < 0 || w == length) return true;
        offset += w;
        length -= w;
      }
      afterAppend(queue(data, offset, length));
      return true;
    }
    return length == 0 || foreignWrite(java.util.Arrays.copyOfRange(data, offset, offset + length));
  }

  @Override
  public boolean write(ByteBuffer data) {
    if (!open || outputShut) return false;
    int n = data.remaining();
    if (n == 0) return true;
    if (loop.inLoop()) {
      stats.writes++;
      if (data == loop.readBuffer) {
        if (sendsAtOnce()) { // raw echo: straight from the read buffer
          try {
            if (backlog.writeDirect(sock, data, loop.readAddress, stats) == 0) return true;
          } catch (IOException e) {
            data.position(data.limit());
            closeNow(e);
            return true;
          }
        }
      } else if (writesThrough(n)) {
        loop.writeScratch.clear().put(0, data, data.position(), n);
        int w = sendScratch(n);
        if (w < 0) {
          data.position(data.limit());
          return true;
        }
        data.position(data.position() + w);
        if (w == n) return true;
      }
      afterAppend(queue(data));
      return true;
    }
    byte[] copy = new byte[n];
    data.get(copy);
    return foreignWrite(copy);
  }

  /**
   * Whether a write of {@code n} bytes on the loop thread may go straight to the socket: when it would be flushed at
   * once anyway (nothing queued or held back for a read's other replies, no TLS, no wait for writability) and fits
   * the loop's write scratch.
   */
  private boolean writesThrough(int n) {
    return tls == null && !holdFlush && n <= EventLoop.WRITE_SCRATCH_SIZE && sendsAtOnce();
  }

  /** Whether a write now could go to the socket at once: nothing queued ahead of it, no wait for writability. */
  private boolean sendsAtOnce() {
    return backlog.queue.isEmpty() && !gate.waitingWritable();
  }

  /**
   * Sends the first {@code n} bytes of the loop's write scratch straight to the socket: how many the kernel took, or
   * -1 if the write failed (the connection is then closed).
   */
  private int sendScratch(int n) {
    try {
      return n - backlog.writeDirect(sock, loop.writeScratch.limit(n), loop.writeScratchAddress, stats);
    } catch (IOException e) {
      closeNow(e);
      return -1;
    }
  }

  private boolean foreignWrite(byte[] copy) {
    backlog.count(copy.length);
    if (!open || outputShut) {
      backlog.count(-copy.length);
      return false;
    }
    loop.execute(() -> {
      if (closed) return; // counted as unsent when it closed
      try {
        stats.writes++;
        backlog.count(-copy.length); // counted again when queued
        afterAppend(queue(copy, 0, copy.length));
      } catch (Throwable t) {
        closeNow(t);
      }
    });
    return true;
  }

  /** Queues bytes to send: into the backlog, or through the TLS stage; reports as a backlog append does. */
  private int queue(byte[] src, int offset, int length) {
    return tls == null ? backlog.append(src, offset, length) : tls.queue(ByteBuffer.wrap(src, offset, length));
  }

  private int queue(ByteBuffer src) {
    return tls == null ? backlog.append(src) : tls.queue(src);
  }

  /** Acts on what an append to the backlog reported, then flushes unless a read holds the flush back. */
  private void afterAppend(int report) {
    if (report == OutboundBacklog.OVER_LIMIT) {
      closeNow(backlog.overLimit(id));
      return;
    }
    if (report == OutboundBacklog.BECAME_UNWRITABLE && backlog.pausesReading()) gate.pause(ReadGate.WRITE_BACKLOG);
    if (!gate.waitingWritable() && !closed && !holdFlush) {
      try {
        flush();
      } catch (IOException e) {
        closeNow(e);
      }
    }
  }

  private void flush() throws IOException {
    boolean drained = backlog.writeTo(sock, loop.gather, stats);
    gate.waitWritable(!drained);
    if (!drained || closed) return;
    if (backlog.becameWritable()) {
      gate.resume(ReadGate.WRITE_BACKLOG);
      if (closed) return;
      dispatch.writable(this);
      // onWritable may have written more (and gone on flushing it) and closed: that write's flush ends the close.
      if (closed || gate.waitingWritable() || !backlog.queue.isEmpty()) return;
    }
    if (backlog.pending() > 0) return; // writes from other threads still on their way
    if (closeAfterFlush) {
      closeNow(null);
    } else if (shutdownAfterFlush && !outputDone) {
      sock.shutdownOutput();
      outputDone = true;
      if (inputDone) closeNow(null);
    }
  }

  /** Ends a {@link #holdFlush} stretch: sends what its callbacks queued. Loop thread. */
  private void releaseFlush() {
    holdFlush = false;
    if (closed || gate.waitingWritable() || backlog.queue.isEmpty()) return;
    try {
      flush();
    } catch (IOException e) {
      closeNow(e);
    }
  }

  /** Sends what was queued without a write (TLS handshake records, close_notify). Loop thread. */
  private void sendQueued() {
    if (!closed && !backlog.queue.isEmpty()) afterAppend(backlog.check());
  }

  // ---- pausing and resuming reads ----

  @Override
  public void pauseReading() {
    onLoop(() -> gate.pause(ReadGate.USER));
  }

  @Override
  public void resumeReading() {
    onLoop(() -> gate.resume(ReadGate.USER));
  }

  // ---- closing ----

  @Override
  public void shutdownOutput() {
    outputShut = true;
    onLoop(() -> {
      if (closed || shutdownAfterFlush) return;
      shutdownAfterFlush = true;
      endOutput();
    });
  }

  @Override public void close() { close(null); }

  @Override
  public void close(Throwable cause) {
    if (!OPEN.compareAndSet(this, true, false)) {
      if (loop.inLoop() && !closed && !closeAfterFlush) closeGracefully(); // EOF after a local close() call
      return;
    }
    if (cause != null) closeCause = cause; // read by closeNow on the loop, after the hand-off below
    if (loop.inLoop()) closeGracefully();
    else loop.execute(this::closeGracefully);
  }

  /** Stops reading; closes once everything accepted is sent. Loop thread. */
  private void closeGracefully() {
    if (closed || closeAfterFlush) return;
    open = false;
    closeAfterFlush = true;
    gate.pause(ReadGate.STOPPED);
    if (!closed) endOutput();
  }

  /** Queues the end of output (TLS close_notify, after what is queued) and flushes. Loop thread. */
  private void endOutput() {
    try {
      if (tls != null && announced) tls.closeOutbound();
      if (!gate.waitingWritable()) flush();
    } catch (IOException e) {
      closeNow(e);
    }
  }

  /** Closes after a callback threw. Any thread. */
  void fail(Throwable t) {
    log.warn("conn {}: callback threw; closing this connection", id, t);
    failed = true;
    open = false;
    if (loop.inLoop()) closeNow(t);
    else loop.execute(() -> closeNow(t));
  }

  boolean failed() { return failed; }

  /** Closes at once; {@code err} (or a note of unsent bytes) reaches onClose. Loop thread. */
  void closeNow(Throwable err) {
    if (closed) return;
    if (opening != null && opening.failIfConnecting(err)) return;
    if (err == null) err = closeCause; // close(cause): the reason the user gave
    if (!announced && err != null) remoteAddress(); // for the log line, while the socket can say
    open = false;
    try {
      backlog.handOver(sock, loop.gather, stats); // what the kernel takes now goes out, as a flush would send it
    } catch (IOException | RuntimeException e) { // a close goes on whatever the last write met
      if (err == null) err = e; // the peer is gone: what was not sent is lost, and onClose says why
    }
    gate.deregister();
    closed = true;
    if (timers != null) timers.cancelAll();
    closeSocket();
    long unsent = backlog.release();
    if (err == null && unsent > 0) {
      err = new IOException("connection " + id + " closed with " + unsent + " bytes not sent");
    }
    group.removed(this);
    loop.openConnections.decrementAndGet();
    if (announced) {
      dispatch.closed(this, err);
      return;
    }
    if (tls != null) tls.cancelTimeout();
    ConnOpening o = opening;
    opening = null;
    if (o != null) o.closedBeforeOpen(err);
  }

  private void closeSocket() {
    try {
      sock.close();
    } catch (IOException e) {
      log.warn("conn {}: close failed", id, e);
    }
  }

  /** The TLS stage's view of this connection. */
  private final class TlsHost implements TlsLayer.Host {
    @Override public void plaintext(ByteBuffer plain, int n) throws IOException {
      if (framer != null) framer.onBytes(plain, n);
      else dispatch.data(ConnImpl.this, plain, n);
    }

    @Override public void handshakeDone() { announce(); }

    @Override public void inputClosed() throws IOException { onEof(); }

    @Override public void sendQueued() { ConnImpl.this.sendQueued(); }

    @Override public void abort(Throwable err) { closeNow(err); }

    @Override public boolean isClosed() { return closed; }
  }

  @Override public javax.net.ssl.SSLSession tlsSession() { return tls != null ? tls.session() : null; }

  @Override public String applicationProtocol() { return tls != null ? tls.applicationProtocol() : null; }

  @Override public boolean isOpen() { return open; }

  @Override public boolean isWritable() { return backlog.isWritable() && open; }

  @Override public long pendingWriteBytes() { return Math.max(0L, backlog.pending()); }

}

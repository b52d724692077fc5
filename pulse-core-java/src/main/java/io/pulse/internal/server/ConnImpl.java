package io.pulse.internal.server;

import io.pulse.Conn;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.loop.LoopStats;
import io.pulse.internal.loop.OutboundBuffer;
import io.pulse.internal.net.IoSocket;
import io.pulse.internal.poll.Pollable;
import io.pulse.internal.poll.Poller;
import io.pulse.internal.unix.Errno;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection: its socket, outbound queue and read/write state, all owned by its loop. Public methods may be
 * called from any thread; work for the loop is handed over through {@link EventLoop#execute}.
 */
final class ConnImpl extends Pollable implements Conn {
  static final Logger log = LoggerFactory.getLogger(ConnImpl.class);
  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle PENDING;
  private static final VarHandle INBOUND;
  private static final VarHandle OPEN;
  private static final VarHandle GROUP_NAMES;
  private static final int PAUSE_WRITE_BACKLOG = 1;
  private static final int PAUSE_INBOUND_BACKLOG = 2;
  private static final int PAUSE_USER = 4;
  private static final int PAUSE_TLS_TASKS = 8;
  private static final RateLimitedLog tlsFailureLog = new RateLimitedLog(log);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      PENDING = l.findVarHandle(ConnImpl.class, "pending", long.class);
      INBOUND = l.findVarHandle(ConnImpl.class, "inbound", long.class);
      OPEN = l.findVarHandle(ConnImpl.class, "open", boolean.class);
      GROUP_NAMES = l.findVarHandle(ConnImpl.class, "groupNames", java.util.Set.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final EventLoop loop;
  final SerialExecutor serial;
  private final IoSocket sock;
  private final ConnGroup group;
  private final Dispatcher dispatch;
  private final long id = IDS.incrementAndGet();
  private final OutboundBuffer out;
  private final int highWaterMark;
  private final int lowWaterMark;
  private final long maxPending;
  private final int maxReads;
  private final boolean edge;
  private final ServerOptions options;
  private final LoopStats stats;
  private ConnTimers timers;
  private final Framer framer;

  // Shared with other threads.
  private volatile long pending;
  private volatile long inbound;
  private volatile boolean open = true;
  private volatile boolean writable = true;
  private volatile boolean inboundPaused;
  private volatile boolean failed;
  private volatile Object session;
  private volatile java.util.Set<String> groupNames;
  private volatile SocketAddress remote;
  private volatile SocketAddress local;
  private volatile Throwable closeCause; // from close(cause); reaches onClose

  // Loop thread only.
  private int interest;
  private int pause;
  private boolean inputDone;
  private boolean closeAfterFlush;
  private boolean waitingWritable;
  private boolean closed;
  private boolean holdFlush; // replies to messages of one read go out together, after the read is dispatched
  private boolean shutdownAfterFlush;
  private boolean outputDone;
  private volatile boolean outputShut;
  private CompletableFuture<Conn> connecting;
  private CompletableFuture<Conn> opening; // completed when onOpen is due (a client's, a registered socket's)
  private boolean announced; // onOpen delivered (so onClose is owed)
  private TlsLayer tls;

  ConnImpl(EventLoop loop, IoSocket sock, ConnGroup group, Dispatcher dispatch, ServerOptions o) {
    super(sock.fd(), sock.channel());
    this.loop = loop;
    this.sock = sock;
    this.group = group;
    this.dispatch = dispatch;
    this.serial = dispatch.newSerial();
    this.out = loop.newOutboundBuffer();
    this.options = o;
    this.highWaterMark = o.highWaterMark;
    this.lowWaterMark = o.lowWaterMark;
    this.maxPending = o.maxPendingWriteBytes;
    this.maxReads = o.maxReadsPerWakeup;
    this.edge = loop.poller().isEdgeTriggered();
    this.stats = loop.stats;
    this.framer = o.codec == null ? null : new Framer(o.codec, this, dispatch);
  }

  /** Puts TLS between the socket and the callback; before {@link #start} or {@link #connect}. */
  void useTls(javax.net.ssl.SSLEngine engine, java.util.concurrent.Executor tasks) {
    tls = new TlsLayer(engine, this, loop, tasks);
  }

  /**
   * Registers with the loop's poller and delivers onOpen (with TLS: once the handshake is done), completing
   * {@code f} (may be null) just before; false (socket closed) if registration failed. The caller has counted the
   * connection in {@code loop.openConnections}; closing uncounts it.
   */
  boolean start(CompletableFuture<Conn> f) {
    try {
      loop.poller().register(this, Poller.READ);
      interest = Poller.READ;
    } catch (Throwable t) {
      log.warn("conn {}: registration failed, closing", id, t);
      closed = true;
      open = false;
      closeSocket();
      return false;
    }
    group.added(this);
    opening = f;
    startTimers();
    if (tls != null) beginTls();
    else announce();
    return true;
  }

  /** Completes the opening future and delivers onOpen; closes quietly if the future was cancelled. */
  private void announce() {
    CompletableFuture<Conn> f = opening;
    opening = null;
    if (f != null && !f.complete(this)) { // the caller gave up (cancelled) meanwhile: nobody will use it
      closeNow(null);
      return;
    }
    announced = true;
    dispatch.open(this);
  }

  private void startTimers() {
    if (options.idleTimeoutNanos > 0 || options.heartbeat != null) {
      timers = new ConnTimers(this, loop, options.idleTimeoutNanos, options.heartbeatNanos, options.heartbeat);
      timers.start();
    }
  }

  private ConnTimers timers() {
    if (timers == null) timers = new ConnTimers(this, loop, 0, 0, null);
    return timers;
  }

  @Override
  public void readDeadline(java.time.Duration timeout) {
    long nanos = timeout == null ? 0 : timeout.toNanos();
    onLoop(() -> {
      if (!closed) timers().readDeadline(nanos);
    });
  }

  @Override
  public void writeDeadline(java.time.Duration timeout) {
    long nanos = timeout == null ? 0 : timeout.toNanos();
    onLoop(() -> {
      if (!closed) timers().writeDeadline(nanos);
    });
  }

  @Override
  public io.pulse.Timer runAfter(java.time.Duration delay, Runnable task) {
    java.util.Objects.requireNonNull(delay, "delay");
    java.util.Objects.requireNonNull(task, "task");
    return loop.runLater(delay.toNanos(), 0, task);
  }

  @Override
  public io.pulse.Timer runEvery(java.time.Duration period, Runnable task) {
    java.util.Objects.requireNonNull(period, "period");
    java.util.Objects.requireNonNull(task, "task");
    if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("period <= 0: " + period);
    return loop.runLater(period.toNanos(), period.toNanos(), task);
  }

  /**
   * Registers a socket whose connect is under way; completes {@code f} once connected (then onOpen follows) or
   * fails it (refused, timed out) without any callback. Loop thread.
   */
  void connect(CompletableFuture<Conn> f, String target, long timeoutNanos) {
    connecting = f;
    try {
      loop.poller().register(this, Poller.WRITE);
      interest = Poller.WRITE;
    } catch (Throwable t) {
      failConnect(t);
      return;
    }
    if (timeoutNanos > 0) {
      loop.schedule(timeoutNanos, () -> {
        if (connecting == f) {
          failConnect(new SocketTimeoutException(
              "connect to " + target + " timed out after " + timeoutNanos / 1_000_000 + " ms"));
        }
      });
    }
  }

  private void finishConnect() {
    CompletableFuture<Conn> f = connecting;
    try {
      sock.finishConnect();
      loop.poller().modify(this, Poller.READ);
      interest = Poller.READ;
    } catch (Throwable t) {
      failConnect(t);
      return;
    }
    connecting = null;
    group.added(this);
    loop.openConnections.incrementAndGet();
    opening = f;
    startTimers();
    if (tls != null) beginTls();
    else announce();
  }

  private void failConnect(Throwable t) {
    CompletableFuture<Conn> f = connecting;
    connecting = null;
    abandon();
    f.completeExceptionally(t);
  }

  /** Closes a connection nobody was told about (no onOpen, so no onClose either). Loop thread. */
  private void abandon() {
    closed = true;
    open = false;
    try {
      loop.poller().deregister(this);
    } catch (Throwable ignored) {
      // it may never have been registered
    }
    closeSocket();
  }

  // ---- readiness (loop thread) ----

  @Override
  public void onReady(int ops) {
    try {
      if (closed) return;
      if (connecting != null) {
        finishConnect();
        return;
      }
      if ((ops & Poller.WRITE) != 0 && waitingWritable) flush();
      if (closed) return;
      int errno = ops >>> Poller.ERRNO_SHIFT;
      if (errno != 0) { // the poller already knows why (kqueue's EV_EOF with fflags): say so, not "EOF"
        closeNow(Errno.newIOException("connection " + id, errno));
        return;
      }
      if ((ops & Poller.READ) != 0 && canRead()) read();
      else if ((ops & Poller.ERROR) != 0) onError();
    } catch (Throwable t) {
      closeNow(t);
    }
  }

  /** True while input is still wanted (not closed, failed or closing). Loop thread. */
  boolean readable() {
    return !inputDone && !closeAfterFlush && !closed && !failed;
  }

  private boolean canRead() {
    return pause == 0 && !inputDone && !closeAfterFlush && !closed;
  }

  private void read() throws IOException {
    final ByteBuffer buf = loop.readBuffer;
    final int cap = buf.capacity();
    if (tls != null && tls.hasBufferedInput()) { // records kept while reading was paused
      holdFlush = true;
      try {
        tls.drain();
      } finally {
        releaseFlush();
      }
      if (!canRead()) return;
    }
    for (int reads = 0; ; ) {
      int n = sock.read(buf, loop.readAddress, cap);
      if (n < 0) return; // drained (EAGAIN)
      if (n == 0) {
        onEof();
        return;
      }
      stats.reads++;
      stats.bytesIn += n;
      if (timers != null) timers.onRead();
      if (tls != null || framer != null) { // several messages a read: one write for all their replies
        holdFlush = true;
        try {
          if (tls != null) tls.onCiphertext(buf, n);
          else framer.onBytes(loop.readView, n);
        } finally {
          releaseFlush(); // also before a codec error closes the connection: replies already made go out
        }
      } else {
        dispatch.data(this, buf, n); // raw bytes: one onData a read, written straight from the read buffer
      }
      if (!canRead()) return;
      if (++reads == maxReads) {
        if (edge) loop.readAgain(this); // edge-triggered: nobody will tell us again
        return;
      }
      if (n < cap && !edge) return; // short read: the socket is drained for now
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
    updateInterest();
    dispatch.eof(this);
  }

  private void onError() throws IOException {
    int err = sock.pendingError();
    if (err != 0) {
      closeNow(Errno.newIOException("connection " + id + " (SO_ERROR)", err));
    } else if (!out.isEmpty()) {
      flush(); // fails with EPIPE/ECONNRESET if the peer is gone
    } else {
      closeNow(null);
    }
  }

  // ---- writing ----

  @Override
  public boolean writeMessage(Object msg) {
    if (options.codec != null) return write(options.codec.encode(msg));
    if (msg instanceof ByteBuffer) return write((ByteBuffer) msg);
    if (msg instanceof byte[]) return write((byte[]) msg);
    throw new IllegalArgumentException("no codec to encode a " + msg.getClass().getName() + "; send bytes");
  }

  @Override
  public boolean write(byte[] data) {
    return write(data, 0, data.length);
  }

  @Override
  public boolean write(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    if (!open || outputShut) return false;
    if (loop.inLoop()) {
      stats.writes++;
      if (length > 0) {
        if (tls != null) {
          tlsWrite(ByteBuffer.wrap(data, offset, length));
        } else {
          out.append(data, offset, length);
          appended(length);
        }
      }
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
      if (tls != null) {
        tlsWrite(data);
        return true;
      }
      if (data == loop.readBuffer && out.isEmpty() && !waitingWritable) {
        n = writeDirect(data, n);
        if (n == 0) return true;
      }
      out.append(data);
      appended(n);
      return true;
    }
    byte[] copy = new byte[n];
    data.get(copy);
    return foreignWrite(copy);
  }

  /** Writes straight from the loop's read buffer; returns the bytes left over. */
  private int writeDirect(ByteBuffer data, int n) {
    int pos = data.position();
    try {
      long w = sock.write(data, loop.readAddress, pos, n);
      stats.socketWrites++;
      if (w > 0) {
        stats.bytesOut += w;
        data.position(pos + (int) w);
        return n - (int) w;
      }
      return n;
    } catch (IOException e) {
      data.position(data.limit());
      closeNow(e);
      return 0;
    }
  }

  private boolean foreignWrite(byte[] copy) {
    PENDING.getAndAdd(this, (long) copy.length);
    if (!open || outputShut) {
      PENDING.getAndAdd(this, (long) -copy.length);
      return false;
    }
    loop.execute(() -> {
      if (closed) return; // counted as unsent when it closed
      try {
        stats.writes++;
        if (tls != null) {
          PENDING.getAndAdd(this, (long) -copy.length); // counted again as ciphertext
          tlsWrite(ByteBuffer.wrap(copy));
          return;
        }
        out.append(copy, 0, copy.length);
        afterAppend((long) PENDING.get(this));
      } catch (Throwable t) {
        closeNow(t);
      }
    });
    return true;
  }

  /** {@code n} bytes were appended on the loop thread. */
  private void appended(int n) {
    afterAppend((long) PENDING.getAndAdd(this, (long) n) + n);
  }

  private void afterAppend(long pendingNow) {
    if (pendingNow > maxPending) {
      closeNow(new IOException("conn " + id + ": " + pendingNow + " bytes waiting to be sent exceed maxPendingWriteBytes "
          + maxPending + "; the peer does not read fast enough"));
      return;
    }
    if (pendingNow > highWaterMark && writable) {
      writable = false;
      pause |= PAUSE_WRITE_BACKLOG;
      safeUpdateInterest();
    }
    if (!waitingWritable && !closed && !holdFlush) {
      try {
        flush();
      } catch (IOException e) {
        closeNow(e);
      }
    }
  }

  private void flush() throws IOException {
    while (!out.isEmpty()) {
      long n = sock.write(out, loop.gather);
      stats.socketWrites++;
      if (n < 0) {
        waitWritable(true);
        return;
      }
      boolean full = n < out.offered(); // the kernel took less than offered: its buffer is full
      out.consume(n);
      PENDING.getAndAdd(this, -n);
      stats.bytesOut += n;
      if (full) { // (with edge triggering, only a full buffer promises another EPOLLOUT)
        waitWritable(true);
        return;
      }
    }
    waitWritable(false);
    long p = (long) PENDING.get(this);
    if (!writable && p <= lowWaterMark) {
      writable = true;
      pause &= ~PAUSE_WRITE_BACKLOG;
      resumed();
      dispatch.writable(this);
    }
    if (p > 0) return; // writes from other threads still on their way
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
    if (closed || waitingWritable || out.isEmpty()) return;
    try {
      flush();
    } catch (IOException e) {
      closeNow(e);
    }
  }

  private void waitWritable(boolean on) throws IOException {
    if (waitingWritable != on) {
      waitingWritable = on;
      updateInterest();
    }
  }

  // ---- inbound backpressure for worker modes ----

  void inboundAdded(int n) {
    long now = (long) INBOUND.getAndAdd(this, (long) n) + n;
    if (now > highWaterMark && !inboundPaused) {
      inboundPaused = true;
      pause |= PAUSE_INBOUND_BACKLOG;
      safeUpdateInterest();
    }
  }

  void inboundDone(int n) {
    long now = (long) INBOUND.getAndAdd(this, (long) -n) - n;
    if (inboundPaused && now <= lowWaterMark) loop.execute(this::resumeInbound);
  }

  private void resumeInbound() {
    if (inboundPaused && (long) INBOUND.get(this) <= lowWaterMark) {
      inboundPaused = false;
      pause &= ~PAUSE_INBOUND_BACKLOG;
      resumed();
    }
  }

  @Override
  public java.util.concurrent.Executor executor() {
    return loop::execute;
  }

  @Override
  public void shutdownOutput() {
    outputShut = true;
    onLoop(() -> {
      if (closed || shutdownAfterFlush) return;
      shutdownAfterFlush = true;
      try {
        if (tls != null && announced) tls.closeOutbound();
        if (!waitingWritable) flush();
      } catch (IOException e) {
        closeNow(e);
      }
    });
  }

  @Override
  public void pauseReading() {
    onLoop(() -> {
      pause |= PAUSE_USER;
      safeUpdateInterest();
    });
  }

  @Override
  public void resumeReading() {
    onLoop(() -> {
      if ((pause & PAUSE_USER) == 0) return;
      pause &= ~PAUSE_USER;
      resumed();
    });
  }

  private void onLoop(Runnable r) {
    if (loop.inLoop()) r.run();
    else loop.execute(r);
  }

  private void resumed() {
    safeUpdateInterest();
    // data that arrived while paused raised no new edge; decrypted records may wait in the TLS layer
    if ((edge || (tls != null && tls.hasBufferedInput())) && canRead()) loop.readAgain(this);
  }

  private void updateInterest() throws IOException {
    if (closed) return;
    int want = (canRead() ? Poller.READ : 0) | (waitingWritable ? Poller.WRITE : 0);
    if (want != interest) {
      loop.poller().modify(this, want);
      interest = want;
    }
  }

  private void safeUpdateInterest() {
    try {
      updateInterest();
    } catch (IOException e) {
      closeNow(e);
    }
  }

  // ---- closing ----

  @Override
  public void close() {
    close(null);
  }

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
    try {
      updateInterest();
      if (tls != null && announced) tls.closeOutbound(); // close_notify after what is queued
      if (!waitingWritable) flush();
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

  boolean failed() {
    return failed;
  }

  /** Closes at once; {@code err} (or a note of unsent bytes) reaches onClose. Loop thread. */
  void closeNow(Throwable err) {
    if (closed) return;
    if (connecting != null) {
      failConnect(err != null ? err : new java.nio.channels.AsynchronousCloseException());
      return;
    }
    if (err == null) err = closeCause; // close(cause): the reason the user gave
    if (!announced && tls != null && err != null) remoteAddress(); // for the log line, while the socket can say
    open = false;
    try {
      loop.poller().deregister(this);
    } catch (Throwable t) {
      log.debug("conn {}: deregister failed", id, t);
    }
    closed = true;
    if (timers != null) timers.cancelAll();
    closeSocket();
    long unsent = Math.max(out.release(), (long) PENDING.getAndSet(this, 0L));
    if (err == null && unsent > 0) {
      err = new IOException("connection " + id + " closed with " + unsent + " bytes not sent");
    }
    group.removed(this);
    loop.openConnections.decrementAndGet();
    if (tls != null) tls.cancelTimeout();
    if (announced) {
      dispatch.closed(this, err);
    } else {
      notAnnounced(err);
    }
  }

  /** A connection closed before its onOpen: its opener learns why, or (a server's TLS connection) the log. */
  private void notAnnounced(Throwable err) {
    CompletableFuture<Conn> f = opening;
    opening = null;
    if (f != null) {
      f.completeExceptionally(err != null ? err : new java.nio.channels.ClosedChannelException());
    } else if (tls != null && err != null) {
      Throwable e = err;
      tlsFailureLog.warn(() -> "conn " + id + " from " + remoteAddress() + ": TLS handshake failed: " + e);
      log.debug("conn {}: TLS handshake failed", id, err);
    }
  }

  private void closeSocket() {
    try {
      sock.close();
    } catch (IOException e) {
      log.warn("conn {}: close failed", id, e);
    }
  }

  // ---- TLS (loop thread; see TlsLayer) ----

  private void beginTls() {
    long nanos = options.tlsHandshakeTimeoutNanos;
    if (nanos > 0) {
      tls.armTimeout(nanos, () -> {
        if (!announced && !closed) {
          closeNow(new io.pulse.ConnTimeoutException(io.pulse.ConnTimeoutException.Kind.HANDSHAKE,
              "connection " + id + ": TLS handshake not finished within " + nanos / 1_000_000 + " ms"));
        }
      });
    }
    try {
      tls.begin();
      tlsFlush();
    } catch (Throwable t) {
      closeNow(t);
    }
  }

  private void tlsWrite(ByteBuffer plain) {
    try {
      tls.write(plain);
    } catch (IOException e) {
      closeNow(e);
      return;
    }
    afterAppend((long) PENDING.get(this));
  }

  /** Sends what the TLS layer queued (handshake records, close_notify). */
  void tlsFlush() {
    if (!closed && !out.isEmpty()) afterAppend((long) PENDING.get(this));
  }

  void tlsCiphertext(ByteBuffer cipher) {
    int n = cipher.remaining();
    out.append(cipher);
    PENDING.getAndAdd(this, (long) n);
  }

  void tlsHeld(int plaintextBytes) {
    PENDING.getAndAdd(this, (long) plaintextBytes);
  }

  void tlsPlaintext(ByteBuffer plain, int n) throws IOException {
    if (framer != null) framer.onBytes(plain, n);
    else dispatch.data(this, plain, n);
  }

  boolean tlsReading() {
    return canRead();
  }

  boolean tlsClosed() {
    return closed;
  }

  void tlsPause(boolean on) {
    if (on) {
      pause |= PAUSE_TLS_TASKS;
      safeUpdateInterest();
    } else {
      pause &= ~PAUSE_TLS_TASKS;
      resumed();
    }
  }

  void tlsHandshakeFinished() {
    tls.cancelTimeout();
    announce();
  }

  void tlsInputClosed() throws IOException {
    onEof();
  }

  @Override
  public javax.net.ssl.SSLSession tlsSession() {
    return tls != null && tls.handshakeFinished() ? tls.engine().getSession() : null;
  }

  @Override
  public String applicationProtocol() {
    if (tls == null || !tls.handshakeFinished()) return null;
    String p = tls.engine().getApplicationProtocol();
    return p == null || p.isEmpty() ? null : p;
  }

  // ---- groups ----

  void joined(String group) {
    java.util.Set<String> g = groupNames;
    if (g == null) {
      java.util.Set<String> fresh = java.util.concurrent.ConcurrentHashMap.newKeySet();
      g = GROUP_NAMES.compareAndSet(this, null, fresh) ? fresh : groupNames;
    }
    g.add(group);
  }

  java.util.Set<String> groupNames() {
    java.util.Set<String> g = groupNames;
    return g == null ? java.util.Set.of() : g;
  }

  // ---- plain accessors ----

  @Override public long id() { return id; }

  @Override public io.pulse.PulseServer server() { return group.server; }

  @Override public boolean isOpen() { return open; }

  @Override public Object session() { return session; }

  @Override public void session(Object session) { this.session = session; }

  @Override public boolean isWritable() { return writable && open; }

  @Override public long pendingWriteBytes() { return Math.max(0L, pending); }

  @Override
  public SocketAddress remoteAddress() {
    SocketAddress a = remote;
    if (a == null && open) {
      try {
        remote = a = sock.remoteAddress();
      } catch (IOException e) {
        log.debug("conn {}: remote address", id, e);
      }
    }
    return a;
  }

  @Override
  public SocketAddress localAddress() {
    SocketAddress a = local;
    if (a == null && open) {
      try {
        local = a = sock.localAddress();
      } catch (IOException e) {
        log.debug("conn {}: local address", id, e);
      }
    }
    return a;
  }

  @Override
  public void noDelay(boolean on) {
    Runnable r = () -> {
      if (closed) return;
      try {
        sock.noDelay(on);
      } catch (IOException e) {
        log.warn("conn {}: TCP_NODELAY={} failed", id, on, e);
      }
    };
    onLoop(r);
  }

  @Override
  public String toString() {
    return "Conn[" + id + (open ? "" : ", closed") + "]";
  }
}

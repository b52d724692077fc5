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

  // Loop thread only.
  private int interest;
  private int pause;
  private boolean inputDone;
  private boolean closeAfterFlush;
  private boolean waitingWritable;
  private boolean closed;
  private boolean shutdownAfterFlush;
  private boolean outputDone;
  private volatile boolean outputShut;
  private CompletableFuture<Conn> connecting;

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

  /**
   * Registers with the loop's poller and delivers onOpen; false (socket closed) if registration failed. The
   * caller has counted the connection in {@code loop.openConnections}; closing uncounts it.
   */
  boolean start() {
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
    startTimers();
    dispatch.open(this);
    return true;
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
    return loop.runLater(delay.toNanos(), 0, task);
  }

  @Override
  public io.pulse.Timer runEvery(java.time.Duration period, Runnable task) {
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
    if (!f.complete(this)) { // the caller gave up (cancelled) meanwhile: nobody will use this connection
      group.removed(this);
      loop.openConnections.decrementAndGet();
      abandon();
      return;
    }
    startTimers();
    dispatch.open(this);
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
      if (framer != null) framer.onBytes(loop.readView, n);
      else dispatch.data(this, buf, n);
      if (!canRead()) return;
      if (++reads == maxReads) {
        if (edge) loop.readAgain(this); // edge-triggered: nobody will tell us again
        return;
      }
      if (n < cap && !edge) return; // short read: the socket is drained for now
    }
  }

  private void onEof() throws IOException {
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
        out.append(data, offset, length);
        appended(length);
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
    if (!waitingWritable && !closed) {
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
    if (edge && canRead()) loop.readAgain(this); // data that arrived while paused raised no new edge
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
    if (!OPEN.compareAndSet(this, true, false)) {
      if (loop.inLoop() && !closed && !closeAfterFlush) closeGracefully(); // EOF after a local close() call
      return;
    }
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
    dispatch.closed(this, err);
  }

  private void closeSocket() {
    try {
      sock.close();
    } catch (IOException e) {
      log.warn("conn {}: close failed", id, e);
    }
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

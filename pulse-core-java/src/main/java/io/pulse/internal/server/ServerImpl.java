package io.pulse.internal.server;

import io.pulse.PulseServer;
import io.pulse.Stats;
import io.pulse.Timer;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.loop.LoopGroup;
import io.pulse.internal.loop.LoopHost;
import io.pulse.internal.net.StreamSocket;
import io.pulse.internal.net.ListenSocket;
import io.pulse.internal.poll.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: its loops, acceptors, callback executor and open connections. */
public final class ServerImpl extends StreamEndpoint implements PulseServer, LoopHost {
  private static final Logger log = LoggerFactory.getLogger(ServerImpl.class);

  private final RateLimitedLog rejectLog = new RateLimitedLog(log);
  private final List<Acceptor> acceptors = new ArrayList<>();
  private final Set<ClientImpl> clients = ConcurrentHashMap.newKeySet();
  /** Other endpoints on this server's loops (UDP), closed before the loops stop. */
  private final Set<AutoCloseable> guests = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean shutdownAnnounced = new AtomicBoolean();
  private volatile boolean accepting = true;
  private final NamedGroups groups;
  private InetSocketAddress localAddress;
  private List<java.net.SocketAddress> localAddresses = List.of();

  private ServerImpl(ServerOptions o, LoopGroup loops) {
    super(o, loops, true, true);
    groups = new NamedGroups(conns, o.codec);
    conns.server = this;
  }

  /** Binds and starts a server on one address; on failure everything opened so far is released. */
  public static PulseServer start(ServerOptions o, InetSocketAddress address) throws IOException {
    return start(o, List.of(address));
  }

  /**
   * Binds every address (TCP or Unix domain) and starts a server whose connections all reach the same callback;
   * on failure everything opened so far is released.
   */
  public static PulseServer start(ServerOptions o, List<? extends java.net.SocketAddress> addresses)
      throws IOException {
    if (addresses.isEmpty()) throw new IllegalStateException("no address to listen on");
    Transport t = Transports.resolve(o.transport);
    if ((t == Transport.NIO || t == Transport.IO_URING) && o.triggerType == TriggerType.EDGE) {
      log.debug("{} is level-triggered; EDGE behaves as LEVEL", t);
    }
    LoopGroup loops = new LoopGroup(t, o.loops, o.triggerType == TriggerType.EDGE, o.readBufferSize);
    ServerImpl s;
    try {
      s = new ServerImpl(o, loops);
    } catch (RuntimeException | Error e) {
      loops.close();
      throw e;
    }
    try {
      s.listen(addresses);
      return s;
    } catch (IOException | RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  private void listen(List<? extends java.net.SocketAddress> addresses) throws IOException {
    List<java.net.SocketAddress> bound = new ArrayList<>();
    for (int k = 0; k < addresses.size(); k++) bound.add(listen(addresses.get(k), k));
    localAddresses = List.copyOf(bound);
    for (java.net.SocketAddress a : bound) {
      if (a instanceof InetSocketAddress) {
        localAddress = (InetSocketAddress) a;
        break;
      }
    }
    for (Acceptor a : acceptors) {
      Throwable t = LoopGroup.runAndWait(a.loop(), a::start);
      if (t instanceof IOException) throw (IOException) t;
      if (t != null) throw new IOException("starting the acceptor failed", t);
    }
    log.debug("listening on {} with {} {} loop(s), {} callbacks", localAddresses, loops.size(), loops.transport(),
        options.taskType);
  }

  /** Opens the listener(s) of one address (the k-th: its acceptor runs on loop k mod n); returns where it bound. */
  private java.net.SocketAddress listen(java.net.SocketAddress address, int k) throws IOException {
    boolean nativeT = Transports.isNative(loops.transport());
    if (options.reusePort && address instanceof InetSocketAddress) {
      InetSocketAddress requested = (InetSocketAddress) address;
      InetSocketAddress bindTo = requested;
      java.net.SocketAddress first = null;
      for (int i = 0; i < loops.size(); i++) {
        EventLoop loop = loops.get(i);
        ListenSocket l = open(nativeT, bindTo, true);
        acceptors.add(new Acceptor(this, loop, l, new EventLoop[] {loop}));
        if (first == null) first = l.localAddress();
        if (bindTo.getPort() == 0) bindTo = new InetSocketAddress(requested.getAddress(), ((InetSocketAddress) first).getPort());
      }
      return first;
    }
    EventLoop[] targets = new EventLoop[loops.size()];
    for (int i = 0; i < targets.length; i++) targets[i] = loops.get(i);
    ListenSocket l = open(nativeT, address, false);
    acceptors.add(new Acceptor(this, targets[k % targets.length], l, targets));
    return l.localAddress();
  }

  private ListenSocket open(boolean nativeT, java.net.SocketAddress address, boolean reusePort) throws IOException {
    return ListenSocket.open(nativeT, address, options.backlog, reusePort, options.reuseAddress,
        options.socketOptions);
  }

  /** Admits a just-accepted socket under maxConnections; false (socket closed, logged) if over. Any thread. */
  boolean admit(StreamSocket s) {
    if (conns.tryAdmit(options.maxConnections)) return true;
    rejectLog.warn(() -> "maxConnections " + options.maxConnections + " reached; refused a connection ("
        + conns.rejected.get() + " refused so far)");
    closeQuietly(s);
    return false;
  }

  /** Starts an admitted connection on {@code loop}, or closes it if the server stopped accepting. Loop thread. */
  void accepted(EventLoop loop, StreamSocket s) {
    if (!accepting) {
      closeQuietly(s);
    } else if (startConn(loop, s, null) != null) {
      return;
    } // else: start failed and closed the socket itself
    conns.release();
    loop.openConnections.decrementAndGet();
  }

  private static void closeQuietly(StreamSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      log.debug("closing a refused connection failed", e);
    }
  }

  void attach(ClientImpl c) {
    clients.add(c);
  }

  void detach(ClientImpl c) {
    clients.remove(c);
  }

  /** Registers an endpoint running on this server's loops, closed when the server closes; false if closed. */
  @Override
  public boolean addGuest(AutoCloseable guest) {
    guests.add(guest);
    if (closed.get()) {
      guests.remove(guest);
      return false;
    }
    return true;
  }

  /** Forgets a guest that closed by itself. */
  @Override
  public void removeGuest(AutoCloseable guest) {
    guests.remove(guest);
  }

  /** The loops, for clients and guests that share them. */
  @Override
  public LoopGroup loops() {
    return loops;
  }

  @Override public int port() { return localAddress == null ? -1 : localAddress.getPort(); }

  @Override public InetSocketAddress localAddress() { return localAddress; }

  @Override public List<java.net.SocketAddress> localAddresses() { return localAddresses; }

  @Override public Transport transport() { return loops.transport(); }

  @Override public int connectionCount() { return conns.size(); }

  @Override public io.pulse.ConnManager conns() { return groups; }

  @Override
  public Stats stats() {
    long in = 0, out = 0, reads = 0, writes = 0;
    int timers = 0;
    List<Integer> depths = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      EventLoop l = loops.get(i);
      in += l.stats.bytesIn;
      out += l.stats.bytesOut;
      reads += l.stats.reads;
      writes += l.stats.writes;
      timers += l.timerCount();
      depths.add(l.taskQueueDepth());
    }
    long pending = 0;
    for (ConnImpl c : conns.snapshot()) pending += c.pendingWriteBytes();
    return new Stats(conns.size(), conns.accepted.get(), conns.closed.get(), conns.rejected.get(), in, out, reads,
        writes, pending, depths, timers);
  }

  @Override
  public Timer runAfter(Duration delay, Runnable task) {
    java.util.Objects.requireNonNull(delay, "delay");
    java.util.Objects.requireNonNull(task, "task");
    return loops.next().runLater(delay.toNanos(), 0, task);
  }

  @Override
  public Timer runEvery(Duration period, Runnable task) {
    java.util.Objects.requireNonNull(period, "period");
    java.util.Objects.requireNonNull(task, "task");
    if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("period <= 0: " + period);
    return loops.next().runLater(period.toNanos(), period.toNanos(), task);
  }

  @Override
  public boolean shutdownGracefully(Duration timeout) {
    java.util.Objects.requireNonNull(timeout, "timeout");
    if (closed.get()) return conns.size() == 0;
    if (onOwnThread()) { // a callback cannot wait for its own loop to flush: shut down from another thread
      Thread t = new Thread(() -> shutdownGracefully(timeout), "pulse-shutdown");
      t.start();
      return false;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    stopAccepting();
    CompletableFuture<Void> empty = conns.whenEmpty();
    if (shutdownAnnounced.compareAndSet(false, true)) announceShutdown();
    for (ConnImpl c : conns.snapshot()) c.close();
    boolean clean = false;
    try {
      empty.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      clean = true;
    } catch (TimeoutException | ExecutionException e) {
      log.debug("graceful shutdown ran out of time with {} connection(s) open", conns.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    return clean;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    releaseFromAnyThread(this::release);
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    awaitTerminated(null);
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return awaitTerminated(java.util.Objects.requireNonNull(timeout, "timeout"));
  }

  private void release() {
    stopAccepting();
    for (ClientImpl c : clients) c.close();
    for (AutoCloseable g : guests) {
      try {
        g.close();
      } catch (Exception e) {
        log.warn("closing {} failed", g, e);
      }
    }
    // goodbyes first: written before the connections close below (same loop queues)
    if (shutdownAnnounced.compareAndSet(false, true)) announceShutdown();
    closeAllConns();
    stopThreads();
  }

  private void stopAccepting() {
    if (!accepting) return;
    accepting = false;
    for (Acceptor a : acceptors) LoopGroup.runAndWait(a.loop(), a::close);
  }

  @Override
  boolean isClient() {
    return false;
  }
}

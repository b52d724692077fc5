package io.pulse.internal.server;

import io.pulse.Conn;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.net.StreamSocket;
import io.pulse.internal.poll.CompletionSocket;
import io.pulse.internal.poll.Pollable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a connection is apart from its I/O state machine ({@link ConnImpl}): its id, loop, socket and options, the
 * user's session, the groups it joined, its cached addresses, the loop's timers and the write overloads that only
 * convert. Any thread.
 */
abstract class AbstractConn extends Pollable implements Conn {
  static final Logger log = LoggerFactory.getLogger(ConnImpl.class);
  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle GROUP_NAMES;

  static {
    try {
      GROUP_NAMES = MethodHandles.lookup().findVarHandle(AbstractConn.class, "groupNames", Set.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final long id = IDS.incrementAndGet();
  final EventLoop loop;
  final StreamSocket sock;
  final ServerOptions options;
  /** The open connections of its server or client; this one among them from onOpen until closed. */
  final OpenConns group;
  private volatile Object session;
  /** A language bridge's state for this connection ({@link BridgeSlot}), apart from the user's session. */
  volatile Object bridge;
  private volatile Set<String> groupNames;
  private volatile SocketAddress remote;
  private volatile SocketAddress local;

  @Override
  public CompletionSocket completionSocket() {
    return sock instanceof CompletionSocket ? (CompletionSocket) sock : null;
  }

  AbstractConn(EventLoop loop, StreamSocket sock, ServerOptions options, OpenConns group) {
    super(sock.fd(), sock.channel());
    this.loop = loop;
    this.sock = sock;
    this.options = options;
    this.group = group;
  }

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

  @Override public long id() { return id; }

  @Override public io.pulse.PulseServer server() { return group.server; }

  @Override public Object session() { return session; }

  @Override public void session(Object session) { this.session = session; }

  @Override
  public java.util.concurrent.Executor executor() {
    return loop::execute;
  }

  @Override
  public io.pulse.Timer runAfter(Duration delay, Runnable task) {
    java.util.Objects.requireNonNull(delay, "delay");
    java.util.Objects.requireNonNull(task, "task");
    return loop.runLater(delay.toNanos(), 0, task);
  }

  @Override
  public io.pulse.Timer runEvery(Duration period, Runnable task) {
    java.util.Objects.requireNonNull(period, "period");
    java.util.Objects.requireNonNull(task, "task");
    if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("period <= 0: " + period);
    return loop.runLater(period.toNanos(), period.toNanos(), task);
  }

  /** Runs {@code r} now on the loop thread, else hands it to the loop. */
  final void onLoop(Runnable r) {
    if (loop.inLoop()) r.run();
    else loop.execute(r);
  }

  /** Notes that this connection joined {@code group} (see {@link NamedGroups}). Any thread. */
  void joined(String group) {
    Set<String> g = groupNames;
    if (g == null) {
      Set<String> fresh = ConcurrentHashMap.newKeySet();
      g = GROUP_NAMES.compareAndSet(this, null, fresh) ? fresh : groupNames;
    }
    g.add(group);
  }

  Set<String> groupNames() {
    Set<String> g = groupNames;
    return g == null ? Set.of() : g;
  }

  @Override
  public SocketAddress remoteAddress() {
    SocketAddress a = remote;
    if (a == null && isOpen()) {
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
    if (a == null && isOpen()) {
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
    onLoop(() -> {
      if (!isOpen()) return;
      try {
        sock.noDelay(on);
      } catch (IOException e) {
        log.warn("conn {}: TCP_NODELAY={} failed", id, on, e);
      }
    });
  }

  @Override
  public String toString() {
    return "Conn[" + id + (isOpen() ? "" : ", closed") + "]";
  }
}

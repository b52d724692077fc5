package io.pulse.core;

import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.internal.poll.Pollable;
import io.pulse.internal.poll.Transports;
import io.pulse.internal.unix.ChannelFds;
import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bare readiness loop Pulse's servers run on (epoll, kqueue or a NIO Selector), for programs that want to
 * drive sockets themselves, as in antlabs/pulse's {@code core} package. Register channels (or raw fds on native
 * transports), {@link #poll} from one thread, {@link #wakeup} from any. I/O stays yours: read and write the
 * non-blocking channels as usual.
 */
public final class Poller implements AutoCloseable {
  /** Interest/readiness: readable, or a connection to accept. */
  public static final int READ = io.pulse.internal.poll.LoopPoller.READ;
  /** Interest/readiness: writable, or a connect finished. */
  public static final int WRITE = io.pulse.internal.poll.LoopPoller.WRITE;

  private final io.pulse.internal.poll.LoopPoller impl;
  private final Transport transport;
  private final AtomicReference<Thread> polling = new AtomicReference<>();
  private ReadyHandler handler;
  private volatile boolean closed;

  private Poller(io.pulse.internal.poll.LoopPoller impl, Transport transport) {
    this.impl = impl;
    this.transport = transport;
  }

  /** Opens a poller of {@code transport} (AUTO picks the best available), level- or edge-triggered. */
  public static Poller open(Transport transport, TriggerType trigger) throws IOException {
    Transport t = Transports.resolve(Objects.requireNonNull(transport, "transport"));
    return new Poller(Transports.open(t, trigger == TriggerType.EDGE), t);
  }

  /** The transport in use (never AUTO). */
  public Transport transport() {
    return transport;
  }

  /**
   * Watches a non-blocking channel. On native transports Pulse finds its fd (the channel keeps owning it); on
   * NIO the channel is registered with the Selector.
   */
  public Key register(SelectableChannel channel, int interest, Object attachment) throws IOException {
    checkOpen();
    if (channel.isBlocking()) throw new IllegalArgumentException("channel is in blocking mode: " + channel);
    int fd = -1;
    if (Transports.isNative(transport)) {
      if (!(channel instanceof NetworkChannel)) throw new IllegalArgumentException("not a socket: " + channel);
      fd = ChannelFds.find((NetworkChannel) channel);
    }
    return add(new CoreKey(this, fd, Transports.isNative(transport) ? null : channel, channel, attachment),
        interest);
  }

  /** Watches a raw fd (native transports only): e.g. one from {@link #fdOf}. */
  public Key register(int fd, int interest, Object attachment) throws IOException {
    checkOpen();
    if (!Transports.isNative(transport)) throw new UnsupportedOperationException("raw fds need EPOLL or KQUEUE");
    if (fd < 0) throw new IllegalArgumentException("fd < 0: " + fd);
    return add(new CoreKey(this, fd, null, null, attachment), interest);
  }

  private Key add(CoreKey k, int interest) throws IOException {
    checkInterest(interest);
    impl.register(k, interest);
    k.interest = interest;
    return k;
  }

  /** The fd behind a bound socket channel (Linux), for {@link #register(int, int, Object)} or your own calls. */
  public static int fdOf(NetworkChannel channel) throws IOException {
    return ChannelFds.find(channel);
  }

  /**
   * Waits up to {@code timeoutMillis} (-1: no limit, 0: just look) and calls {@code handler} for each ready
   * registration; returns how many there were. One thread at a time: a second concurrent caller gets an
   * IllegalStateException.
   */
  public int poll(int timeoutMillis, ReadyHandler handler) throws IOException {
    checkOpen();
    Thread me = Thread.currentThread();
    if (!polling.compareAndSet(null, me)) {
      throw new IllegalStateException("poll from two threads: " + polling.get().getName() + " is polling");
    }
    try {
      this.handler = Objects.requireNonNull(handler, "handler");
      return impl.poll(timeoutMillis);
    } finally {
      this.handler = null;
      polling.set(null);
    }
  }

  /** Makes a blocked {@link #poll} return soon. Any thread. */
  public void wakeup() {
    if (!closed) impl.wakeup();
  }

  /** Closes the poller (registered fds and channels stay open). Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    impl.close();
  }

  void checkOpen() {
    if (closed) throw new IllegalStateException("closed: this Poller was closed; open a new one");
  }

  static void checkInterest(int ops) {
    if ((ops & ~(READ | WRITE)) != 0) throw new IllegalArgumentException("interest must be READ|WRITE: " + ops);
  }

  io.pulse.internal.poll.LoopPoller impl() {
    return impl;
  }

  void dispatch(CoreKey k, int readyOps) {
    ReadyHandler h = handler;
    if (h != null) {
      h.ready(k, readyOps & (READ | WRITE), (readyOps & io.pulse.internal.poll.LoopPoller.ERROR) != 0);
    }
  }

  /** A registration; a {@link Pollable} for the transport's poller. */
  static final class CoreKey extends Pollable implements Key {
    private final Poller owner;
    private final SelectableChannel userChannel;
    private final Object attachment;
    int interest;
    private boolean cancelled;

    CoreKey(Poller owner, int fd, SelectableChannel nioChannel, SelectableChannel userChannel, Object attachment) {
      super(fd, nioChannel);
      this.owner = owner;
      this.userChannel = userChannel;
      this.attachment = attachment;
    }

    @Override public int fd() { return fd; }

    @Override public SelectableChannel channel() { return userChannel; }

    @Override public Object attachment() { return attachment; }

    @Override public int interest() { return interest; }

    @Override
    public void interest(int ops) throws IOException {
      owner.checkOpen();
      checkInterest(ops);
      if (cancelled) throw new IllegalStateException("key cancelled");
      if (ops == interest) return;
      owner.impl().modify(this, ops);
      interest = ops;
    }

    @Override
    public void cancel() throws IOException {
      if (cancelled || owner.closed) return;
      cancelled = true;
      owner.impl().deregister(this);
    }

    @Override
    public void onReady(int readyOps) {
      if (!cancelled) owner.dispatch(this, readyOps);
    }
  }
}

package io.pulse.internal.server;

import io.pulse.Conn;
import io.pulse.PulseClient;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.loop.LoopGroup;
import io.pulse.internal.net.Dialer;
import io.pulse.internal.net.StreamSocket;
import io.pulse.internal.net.FdStreamSocket;
import io.pulse.internal.net.NioStreamSocket;
import io.pulse.internal.poll.Transports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Dials out on its own loops or on a server's; connections share the server side's machinery. */
public final class ClientImpl extends StreamEndpoint implements PulseClient {
  private final long connectTimeoutNanos;
  private final Set<ConnImpl> dialing = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ExecutorService resolver;
  private final ServerImpl host;

  private ClientImpl(ServerOptions o, LoopGroup loops, ServerImpl host, long connectTimeoutNanos) {
    super(o, loops, host == null, false);
    this.host = host;
    this.connectTimeoutNanos = connectTimeoutNanos;
    AtomicInteger n = new AtomicInteger();
    this.resolver = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "pulse-dns-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
  }

  /** A client on new loops, or on {@code host}'s loops when it is not null. */
  public static PulseClient create(ServerOptions o, ServerImpl host, long connectTimeoutNanos) throws IOException {
    if (host != null) {
      ClientImpl c = new ClientImpl(o, host.loops(), host, connectTimeoutNanos);
      host.attach(c);
      return c;
    }
    Transport t = Transports.resolve(o.transport);
    LoopGroup loops = new LoopGroup(t, o.loops, o.triggerType == TriggerType.EDGE, o.readBufferSize);
    return new ClientImpl(o, loops, null, connectTimeoutNanos);
  }

  @Override
  public CompletableFuture<Conn> connect(String hostName, int port) {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    CompletableFuture<Conn> f = new CompletableFuture<>();
    if (closed.get()) {
      f.completeExceptionally(new IllegalStateException("closed: this PulseClient was closed; build a new one to connect"));
      return f;
    }
    CompletableFuture.supplyAsync(() -> resolve(hostName), resolver).whenComplete((ip, err) -> {
      if (err != null) f.completeExceptionally(err.getCause() != null ? err.getCause() : err);
      else dial(new InetSocketAddress(ip, port), hostName, hostName + ":" + port, f);
    });
    return f;
  }

  @Override
  public CompletableFuture<Conn> connect(java.nio.file.Path path) {
    java.net.UnixDomainSocketAddress address = java.net.UnixDomainSocketAddress.of(path);
    CompletableFuture<Conn> f = new CompletableFuture<>();
    if (closed.get()) f.completeExceptionally(new IllegalStateException("closed: this PulseClient was closed; build a new one to connect"));
    else dial(address, null, "unix:" + path, f);
    return f;
  }

  private static InetAddress resolve(String hostName) {
    try {
      return InetAddress.getByName(hostName);
    } catch (UnknownHostException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  /** Dials {@code address}; {@code peerHost} (null for a Unix socket) names the server for TLS. */
  private void dial(java.net.SocketAddress address, String peerHost, String target, CompletableFuture<Conn> f) {
    EventLoop loop = loops.next();
    loop.execute(() -> {
      if (closed.get()) {
        f.completeExceptionally(new IllegalStateException("closed: this PulseClient was closed; build a new one to connect"));
        return;
      }
      StreamSocket s;
      try {
        s = Dialer.dial(Transports.isNative(loops.transport()), address, options.socketOptions);
        configure(s);
      } catch (IOException e) {
        f.completeExceptionally(e);
        return;
      }
      int port = address instanceof InetSocketAddress ? ((InetSocketAddress) address).getPort() : -1;
      ConnImpl c = newConn(loop, s, peerHost, port);
      dialing.add(c);
      f.whenComplete((conn, err) -> dialing.remove(c));
      c.connect(f, target, connectTimeoutNanos);
    });
  }

  @Override
  public CompletableFuture<Conn> register(SocketChannel connected) {
    CompletableFuture<Conn> f = new CompletableFuture<>();
    try {
      if (!connected.isConnected()) throw new IllegalArgumentException("not connected: " + connected);
      return register(Transports.isNative(loops.transport())
          ? new FdStreamSocket(io.pulse.internal.unix.ChannelFds.takeOver(connected))
          : new NioStreamSocket(connected), f);
    } catch (IOException | RuntimeException e) {
      f.completeExceptionally(e);
      return f;
    }
  }

  @Override
  public CompletableFuture<Conn> register(int fd) {
    CompletableFuture<Conn> f = new CompletableFuture<>();
    try {
      if (!Transports.isNative(loops.transport())) {
        throw new UnsupportedOperationException("raw fds need EPOLL or KQUEUE, this client uses NIO");
      }
      if (fd < 0) throw new IllegalArgumentException("fd < 0: " + fd);
      io.pulse.internal.unix.SocketCalls.remoteAddress(fd); // must be a connected socket
      io.pulse.internal.unix.SocketCalls.makeNonBlocking(fd);
      return register(new FdStreamSocket(fd), f);
    } catch (IOException | RuntimeException e) {
      f.completeExceptionally(e);
      return f;
    }
  }

  private CompletableFuture<Conn> register(StreamSocket s, CompletableFuture<Conn> f) {
    EventLoop loop = loops.next();
    loop.execute(() -> {
      if (closed.get()) {
        try {
          s.close();
        } catch (IOException ignored) {
          // refusing it anyway
        }
        f.completeExceptionally(new IllegalStateException("closed: this PulseClient was closed; build a new one to connect"));
        return;
      }
      loop.openConnections.incrementAndGet();
      ConnImpl c = startConn(loop, s, f); // on failure it has closed the socket
      if (c == null) {
        loop.openConnections.decrementAndGet();
        f.completeExceptionally(new IOException("could not register the socket with the poller (see the log)"));
      }
    });
    return f;
  }

  @Override boolean isClient() { return true; }

  @Override public Transport transport() { return loops.transport(); }

  @Override public int connectionCount() { return conns.size(); }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    releaseFromAnyThread(this::release);
  }

  private void release() {
    for (int i = 0; i < loops.size(); i++) {
      EventLoop loop = loops.get(i);
      LoopGroup.runAndWait(loop, () -> {
        for (ConnImpl c : dialing) if (c.loop == loop) c.closeNow(new IOException("client closed"));
      });
    }
    closeAllConns();
    stopThreads();
    resolver.shutdownNow();
    if (host != null) host.detach(this);
  }
}

package io.pulse;

import io.pulse.internal.server.ServerImpl;
import io.pulse.internal.server.ServerOptions;
import io.pulse.codec.Codec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A running stream server: one or more listening sockets (TCP ports, Unix domain socket paths) and a group of
 * event loops that own its connections. Start one with {@code PulseServer.builder().callback(cb).bind("127.0.0.1",
 * 9000)}; {@link #close()} releases every socket, buffer and thread (and removes Unix socket files).
 */
public interface PulseServer extends AutoCloseable {

  /**
   * A new builder for raw bytes (each read reaches {@code onData} as a ByteBuffer), with the defaults: one loop
   * per core, EPOLL/KQUEUE when available, level-triggered.
   */
  static Builder<ByteBuffer> builder() {
    return new Builder<>(null);
  }

  /** A new builder whose connections speak {@code codec}: {@code onData} gets decoded messages. */
  static <T> Builder<T> builder(Codec<T> codec) {
    return new Builder<>(Objects.requireNonNull(codec, "codec"));
  }

  /** The port of the first TCP address the server listens on (useful after binding port 0); -1 if none. */
  int port();

  /** The first TCP address the server listens on; null if it listens on Unix domain sockets only. */
  InetSocketAddress localAddress();

  /**
   * Every address the server listens on, in the order given: InetSocketAddress (with the chosen port) or
   * UnixDomainSocketAddress.
   */
  List<SocketAddress> localAddresses();

  /** The transport actually in use (never {@link Transport#AUTO}). */
  Transport transport();

  /** Connections currently open. */
  int connectionCount();

  /** The open connections, their groups, and broadcast. */
  ConnManager conns();

  /** A snapshot of the server's counters (cheap: per-loop counters summed now). */
  Stats stats();

  /** Runs {@code task} once on one of the server's loops after {@code delay}. */
  Timer runAfter(Duration delay, Runnable task);

  /** Runs {@code task} on one of the server's loops every {@code period}, first after one period. */
  Timer runEvery(Duration period, Runnable task);

  /**
   * Stops accepting, lets every connection send what is queued until {@code timeout} passes, then closes all
   * (each gets {@code onClose}) and joins the threads. Returns true if everything was sent in time. Any thread:
   * called from one of the server's own threads (inside a callback), it returns false at once and the shutdown
   * goes on on another thread; {@link #awaitTermination()} waits for it.
   */
  boolean shutdownGracefully(Duration timeout);

  /**
   * Closes at once: stops accepting, closes every connection, joins the loops. Each connection first hands the
   * kernel what it takes without waiting (goodbyes such as WebSocket's 1001 included); the rest is dropped, and its
   * onClose says so. Idempotent, any thread: called
   * from one of the server's own threads (inside a callback) it returns at once, and the release completes on
   * another thread when the callback has returned ({@link #awaitTermination()} waits for it).
   */
  @Override
  void close();

  /**
   * Blocks until the server has been closed (by {@link #close()} or {@link #shutdownGracefully} from any thread)
   * and has released its sockets and threads: a {@code main} serves until then.
   */
  void awaitTermination() throws InterruptedException;

  /** Like {@link #awaitTermination()}, for at most {@code timeout}; true if the server has terminated. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /**
   * Options for a server; {@link #bind} starts it. Not thread-safe; reusable after bind.
   *
   * @param <T> the message type
   */
  final class Builder<T> extends EndpointBuilder<Builder<T>, T> {
    Builder(Codec<T> codec) {
      super(codec);
    }

    /** One SO_REUSEPORT listener per loop (true) or one acceptor handing connections out (false, default). */
    public Builder<T> reusePort(boolean on) {
      o.reusePort = on;
      return this;
    }

    /**
     * At most {@code n} open connections: beyond it new ones are accepted and closed at once, counted in
     * {@link PulseServer#stats()} and logged at most once a second (default: no limit).
     */
    public Builder<T> maxConnections(int n) {
      if (n <= 0) throw new IllegalArgumentException("maxConnections <= 0: " + n);
      o.maxConnections = n;
      return this;
    }

    /** How new connections are spread over the loops (default {@link LoopSelector#roundRobin()}). */
    public Builder<T> loopSelector(LoopSelector selector) {
      o.loopSelector = Objects.requireNonNull(selector, "selector");
      return this;
    }

    /** SO_REUSEADDR on TCP listeners (default true: a restarted server can bind a port in TIME_WAIT). */
    public Builder<T> reuseAddress(boolean on) {
      o.reuseAddress = on;
      return this;
    }

    /** The listen backlog (default 1024). */
    public Builder<T> backlog(int n) {
      if (n <= 0) throw new IllegalArgumentException("backlog <= 0: " + n);
      o.backlog = n;
      return this;
    }

    /**
     * Adds {@code host:port} to the addresses {@link #start()} (or a later {@code bind}) listens on; all of them
     * feed the same callback.
     */
    public Builder<T> listen(String host, int port) {
      return listen(inet(host, port));
    }

    /** Adds a Unix domain socket at {@code path} to the addresses {@link #start()} listens on. */
    public Builder<T> listen(Path path) {
      return listen(UnixDomainSocketAddress.of(Objects.requireNonNull(path, "path")));
    }

    /** Adds an InetSocketAddress or a UnixDomainSocketAddress to the addresses {@link #start()} listens on. */
    public Builder<T> listen(SocketAddress address) {
      Objects.requireNonNull(address, "address");
      if (address instanceof InetSocketAddress) {
        if (((InetSocketAddress) address).isUnresolved()) throw new IllegalArgumentException("unresolved: " + address);
      } else if (!(address instanceof UnixDomainSocketAddress)) {
        throw new IllegalArgumentException("not an InetSocketAddress or UnixDomainSocketAddress: " + address);
      }
      o.listenAddresses.add(address);
      return this;
    }

    /** Starts the loops and listens on every address added with {@code listen}; the server is running on return. */
    public PulseServer start() throws IOException {
      if (o.listenAddresses.isEmpty()) throw new IllegalStateException("no address: call listen(...) first");
      ServerOptions v = validated();
      return ServerImpl.start(v, v.listenAddresses);
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one), plus any {@code listen} addresses, and starts the loops;
     * the server is running on return.
     */
    public PulseServer bind(String host, int port) throws IOException {
      return bind(inet(host, port));
    }

    /**
     * Binds a Unix domain socket at {@code path} (plus any {@code listen} addresses) and starts the loops. A stale
     * socket file is replaced; a path where something still accepts connections fails with a BindException.
     */
    public PulseServer bind(Path path) throws IOException {
      return bind(UnixDomainSocketAddress.of(Objects.requireNonNull(path, "path")));
    }

    private PulseServer bind(SocketAddress address) throws IOException {
      ServerOptions v = validated();
      List<SocketAddress> all = new ArrayList<>(v.listenAddresses);
      all.add(0, address);
      return ServerImpl.start(v, all);
    }

    private static InetSocketAddress inet(String host, int port) {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
      return new InetSocketAddress(host, port);
    }
  }
}

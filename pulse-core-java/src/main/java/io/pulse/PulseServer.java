package io.pulse;

import io.pulse.internal.server.ServerImpl;
import io.pulse.codec.Codec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * A running TCP server: a listening socket and a group of event loops that own its connections.
 * Start one with {@code PulseServer.builder().callback(cb).bind("127.0.0.1", 9000)}; {@link #close()} releases
 * every socket, buffer and thread.
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

  /** The port the server listens on (useful after binding port 0). */
  int port();

  /** The address the server listens on. */
  InetSocketAddress localAddress();

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
   * (each gets {@code onClose}) and joins the threads. Returns true if everything was sent in time.
   */
  boolean shutdownGracefully(Duration timeout);

  /** Closes at once: stops accepting, closes every connection, joins the loops. Idempotent. */
  @Override
  void close();

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

    /** The listen backlog (default 1024). */
    public Builder<T> backlog(int n) {
      if (n <= 0) throw new IllegalArgumentException("backlog <= 0: " + n);
      o.backlog = n;
      return this;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts the loops; the server is running on return. */
    public PulseServer bind(String host, int port) throws IOException {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
      return ServerImpl.start(validated(), new InetSocketAddress(host, port));
    }
  }
}

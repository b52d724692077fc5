package io.pulse;

import io.pulse.internal.server.ClientImpl;
import io.pulse.internal.server.ServerImpl;
import io.pulse.codec.Codec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Dials out on event loops of its own, or on a server's ({@link Builder#attach}) so a proxy's two sides share a
 * loop. Connections get the same {@link Callback} and {@link Conn} as a server's; {@link #close()} closes them.
 */
public interface PulseClient extends AutoCloseable {

  /** A new builder for raw bytes, with the server's defaults and a 10 s connect timeout. */
  static Builder<ByteBuffer> builder() {
    return new Builder<>(null);
  }

  /** A new builder whose connections speak {@code codec}. */
  static <T> Builder<T> builder(Codec<T> codec) {
    return new Builder<>(Objects.requireNonNull(codec, "codec"));
  }

  /**
   * Connects to {@code host:port} (names resolved off the loop; IPv4 or IPv6). The future completes with the open
   * connection before its {@code onOpen}, or fails (refused, timed out, unknown host) with no callback at all.
   */
  CompletableFuture<Conn> connect(String host, int port);

  /**
   * Connects to the Unix domain socket at {@code path}; the future completes as for {@link #connect(String, int)}
   * (fails with a ConnectException when nothing listens there).
   */
  CompletableFuture<Conn> connect(java.nio.file.Path path);

  /**
   * Takes over a connected channel made elsewhere. On native transports Pulse keeps a duplicate of its fd and
   * closes the channel; on NIO it uses the channel itself.
   */
  CompletableFuture<Conn> register(SocketChannel connected);

  /** Takes over a connected socket fd made elsewhere (EPOLL/KQUEUE only; Pulse closes it when done). */
  CompletableFuture<Conn> register(int fd);

  /** The transport in use (never {@link Transport#AUTO}). */
  Transport transport();

  /** Connections currently open. */
  int connectionCount();

  /** Closes every connection at once and stops the loops (unless they are a server's). Idempotent. */
  @Override
  void close();

  /**
   * Options for a client; {@link #build} starts it.
   *
   * @param <T> the message type
   */
  final class Builder<T> extends EndpointBuilder<Builder<T>, T> {
    private long connectTimeoutNanos = Duration.ofSeconds(10).toNanos();
    private PulseServer server;

    Builder(Codec<T> codec) {
      super(codec);
    }

    /** How long a connect may take before its future fails with a SocketTimeoutException (0: no limit). */
    public Builder<T> connectTimeout(Duration timeout) {
      java.util.Objects.requireNonNull(timeout, "connectTimeout: null");
      if (timeout.isNegative()) throw new IllegalArgumentException("connectTimeout < 0: " + timeout);
      connectTimeoutNanos = timeout.toNanos();
      return this;
    }

    /**
     * Runs on {@code server}'s loops and transport instead of new ones; the server closes this client when it
     * closes. The loop, transport and trigger options of this builder are then ignored.
     */
    public Builder<T> attach(PulseServer server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    /** Starts the client's loops (if it has its own). */
    public PulseClient build() throws IOException {
      return ClientImpl.create(validated(), (ServerImpl) server, connectTimeoutNanos);
    }
  }
}

package io.pulse;

import io.pulse.internal.server.ServerImpl;
import io.pulse.internal.server.ServerOptions;
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

  /** A new builder with the defaults: one loop per core, EPOLL/KQUEUE when available, level-triggered. */
  static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (useful after binding port 0). */
  int port();

  /** The address the server listens on. */
  InetSocketAddress localAddress();

  /** The transport actually in use (never {@link Transport#AUTO}). */
  Transport transport();

  /** Connections currently open. */
  int connectionCount();

  /**
   * Stops accepting, lets every connection send what is queued until {@code timeout} passes, then closes all
   * (each gets {@code onClose}) and joins the threads. Returns true if everything was sent in time.
   */
  boolean shutdownGracefully(Duration timeout);

  /** Closes at once: stops accepting, closes every connection, joins the loops. Idempotent. */
  @Override
  void close();

  /** Options for a server; {@link #bind} starts it. Not thread-safe; reusable after bind. */
  final class Builder {
    private final ServerOptions o = new ServerOptions();

    Builder() {}

    /** The handler for every connection's events (required). */
    public Builder callback(Callback<ByteBuffer> callback) {
      o.callback = Objects.requireNonNull(callback, "callback");
      return this;
    }

    /** Number of event loops, each one thread (default: available processors). */
    public Builder loops(int n) {
      if (n <= 0) throw new IllegalArgumentException("loops <= 0: " + n);
      o.loops = n;
      return this;
    }

    /** Where callbacks run (default {@link TaskType#EVENT_LOOP}). */
    public Builder taskType(TaskType taskType) {
      o.taskType = Objects.requireNonNull(taskType, "taskType");
      return this;
    }

    /** Threads of the {@link TaskType#WORKER_POOL} pool: kept alive and most (default 2 per core, 64 max). */
    public Builder workerPool(int minThreads, int maxThreads) {
      if (minThreads < 0 || maxThreads <= 0 || minThreads > maxThreads) {
        throw new IllegalArgumentException("workerPool(" + minThreads + ", " + maxThreads + ")");
      }
      o.workerMin = minThreads;
      o.workerMax = maxThreads;
      return this;
    }

    /** Level or edge triggering (default {@link TriggerType#LEVEL}). */
    public Builder triggerType(TriggerType triggerType) {
      o.triggerType = Objects.requireNonNull(triggerType, "triggerType");
      return this;
    }

    /** The readiness mechanism (default {@link Transport#AUTO}). */
    public Builder transport(Transport transport) {
      o.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Bytes read per read call into the loop's reused off-heap buffer (default 4096). */
    public Builder readBufferSize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("readBufferSize <= 0: " + bytes);
      o.readBufferSize = bytes;
      return this;
    }

    /** Most reads of one connection per readiness before the loop serves others (default 16). */
    public Builder maxReadsPerWakeup(int n) {
      if (n <= 0) throw new IllegalArgumentException("maxReadsPerWakeup <= 0: " + n);
      o.maxReadsPerWakeup = n;
      return this;
    }

    /** Above this many pending write bytes a connection stops reading (default 1 MiB). */
    public Builder highWaterMark(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("highWaterMark <= 0: " + bytes);
      o.highWaterMark = bytes;
      return this;
    }

    /** Below this many pending write bytes a paused connection reads again (default 256 KiB). */
    public Builder lowWaterMark(int bytes) {
      if (bytes < 0) throw new IllegalArgumentException("lowWaterMark < 0: " + bytes);
      o.lowWaterMark = bytes;
      return this;
    }

    /** One SO_REUSEPORT listener per loop (true) or one acceptor handing connections out (false, default). */
    public Builder reusePort(boolean on) {
      o.reusePort = on;
      return this;
    }

    /** TCP_NODELAY on accepted connections (default true). */
    public Builder tcpNoDelay(boolean on) {
      o.tcpNoDelay = on;
      return this;
    }

    /** The listen backlog (default 1024). */
    public Builder backlog(int n) {
      if (n <= 0) throw new IllegalArgumentException("backlog <= 0: " + n);
      o.backlog = n;
      return this;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts the loops; the server is running on return. */
    public PulseServer bind(String host, int port) throws IOException {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
      if (o.callback == null) throw new IllegalStateException("callback not set");
      if (o.lowWaterMark > o.highWaterMark) {
        throw new IllegalArgumentException(
            "lowWaterMark > highWaterMark: " + o.lowWaterMark + " > " + o.highWaterMark);
      }
      return ServerImpl.start(o.copy(), new InetSocketAddress(host, port));
    }
  }
}

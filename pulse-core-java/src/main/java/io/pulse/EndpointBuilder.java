package io.pulse;

import io.pulse.internal.net.SocketOptions;
import io.pulse.internal.server.ServerOptions;
import io.pulse.codec.Codec;
import java.util.Objects;

/**
 * Options shared by {@link PulseServer.Builder} and {@link PulseClient.Builder}: the callback, the loops, where
 * callbacks run, triggering, buffers and write water marks. Not thread-safe.
 *
 * @param <B> the concrete builder
 * @param <T> the message type: {@link java.nio.ByteBuffer} without a codec
 */
public abstract class EndpointBuilder<B extends EndpointBuilder<B, T>, T> {
  final ServerOptions o = new ServerOptions();

  @SuppressWarnings("unchecked")
  EndpointBuilder(Codec<T> codec) {
    o.codec = (Codec<Object>) codec;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The handler for every connection's events (required); it receives the codec's messages. */
  @SuppressWarnings("unchecked")
  public B callback(Callback<T> callback) {
    o.callback = (Callback<Object>) Objects.requireNonNull(callback, "callback");
    return self();
  }

  /** Number of event loops, each one thread (default: available processors). */
  public B loops(int n) {
    if (n <= 0) throw new IllegalArgumentException("loops <= 0: " + n);
    o.loops = n;
    return self();
  }

  /** Where callbacks run (default {@link TaskType#EVENT_LOOP}). */
  public B taskType(TaskType taskType) {
    o.taskType = Objects.requireNonNull(taskType, "taskType");
    return self();
  }

  /** Threads of the {@link TaskType#WORKER_POOL} pool: started eagerly and at most (default: cores, 4 per core). */
  public B workerPool(int minThreads, int maxThreads) {
    if (minThreads < 0 || maxThreads <= 0 || minThreads > maxThreads) {
      throw new IllegalArgumentException("workerPool(" + minThreads + ", " + maxThreads + ")");
    }
    o.workerMin = minThreads;
    o.workerMax = maxThreads;
    return self();
  }

  /** Level or edge triggering (default {@link TriggerType#LEVEL}). */
  public B triggerType(TriggerType triggerType) {
    o.triggerType = Objects.requireNonNull(triggerType, "triggerType");
    return self();
  }

  /** The readiness mechanism (default {@link Transport#AUTO}). */
  public B transport(Transport transport) {
    o.transport = Objects.requireNonNull(transport, "transport");
    return self();
  }

  /** Bytes read per read call into the loop's reused off-heap buffer (default 4096). */
  public B readBufferSize(int bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("readBufferSize <= 0: " + bytes);
    o.readBufferSize = bytes;
    return self();
  }

  /** Most reads of one connection per readiness before the loop serves others (default 16). */
  public B maxReadsPerWakeup(int n) {
    if (n <= 0) throw new IllegalArgumentException("maxReadsPerWakeup <= 0: " + n);
    o.maxReadsPerWakeup = n;
    return self();
  }

  /** Above this many pending write bytes a connection is not writable and stops reading (default 1 MiB). */
  public B highWaterMark(int bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("highWaterMark <= 0: " + bytes);
    o.highWaterMark = bytes;
    return self();
  }

  /**
   * Whether a connection stops reading while it is not writable (default true: right where what it reads becomes
   * what it writes, as in an echo or a request/response protocol). A proxy, which writes what one connection reads
   * to another, turns it off and pauses the reading side itself: else two connections, each waiting for the other
   * to read, can stall for good.
   */
  public B pauseReadingWhenUnwritable(boolean on) {
    o.pauseReadingWhenUnwritable = on;
    return self();
  }

  /** Below this many pending write bytes a paused connection reads again (default 256 KiB). */
  public B lowWaterMark(int bytes) {
    if (bytes < 0) throw new IllegalArgumentException("lowWaterMark < 0: " + bytes);
    o.lowWaterMark = bytes;
    return self();
  }

  /** TCP_NODELAY on new connections (default true; skipped on Unix domain sockets). */
  public B tcpNoDelay(boolean on) {
    o.tcpNoDelay = on;
    return self();
  }

  /**
   * Closes connections that read nothing for {@code timeout} with a {@link ConnTimeoutException} of kind IDLE
   * (zero: never, the default).
   */
  public B idleTimeout(java.time.Duration timeout) {
    Objects.requireNonNull(timeout, "idleTimeout: null (Duration.ZERO turns it off)");
    if (timeout.isNegative()) throw new IllegalArgumentException("idleTimeout < 0: " + timeout);
    o.idleTimeoutNanos = timeout.toNanos();
    return self();
  }

  /**
   * Calls {@code ping} on the connection's loop whenever it has read nothing for {@code every}, so a protocol can
   * send a heartbeat (it must not block). Combine with {@link #idleTimeout} to drop peers that never answer.
   */
  public B heartbeat(java.time.Duration every, java.util.function.Consumer<Conn> ping) {
    Objects.requireNonNull(every, "heartbeat: null period");
    if (every.isZero() || every.isNegative()) throw new IllegalArgumentException("heartbeat <= 0: " + every);
    o.heartbeatNanos = every.toNanos();
    o.heartbeat = Objects.requireNonNull(ping, "ping");
    return self();
  }

  /**
   * A hard cap on one connection's queued write bytes behind the water marks: above it the connection is closed
   * with an error saying so (default: no cap).
   */
  public B maxPendingWriteBytes(long bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("maxPendingWriteBytes <= 0: " + bytes);
    o.maxPendingWriteBytes = bytes;
    return self();
  }

  /** SO_KEEPALIVE with the system's timing (default off; skipped on Unix domain sockets). */
  public B keepAlive(boolean on) {
    o.keepAlive = on;
    return self();
  }

  /** SO_KEEPALIVE with TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT (Linux; whole seconds). */
  public B keepAlive(java.time.Duration idle, java.time.Duration interval, int count) {
    Objects.requireNonNull(idle, "keepAlive: null idle");
    Objects.requireNonNull(interval, "keepAlive: null interval");
    if (idle.getSeconds() <= 0) throw new IllegalArgumentException("keepAlive idle < 1 s: " + idle);
    if (interval.getSeconds() <= 0) throw new IllegalArgumentException("keepAlive interval < 1 s: " + interval);
    if (count <= 0) throw new IllegalArgumentException("keepAlive count <= 0: " + count);
    o.keepAlive = true;
    o.keepAliveIdleSeconds = (int) idle.getSeconds();
    o.keepAliveIntervalSeconds = (int) interval.getSeconds();
    o.keepAliveCount = count;
    return self();
  }

  /**
   * Speaks TLS with the JDK's {@link javax.net.ssl.SSLEngine} from {@code context}: onOpen follows the handshake,
   * codecs and callbacks see plaintext. A client checks that the server's certificate names the host it dialled.
   * Only TLS 1.2 and 1.3 are enabled, whatever the context's defaults; a configurator (below) may change that.
   */
  public B tls(javax.net.ssl.SSLContext context) {
    return tls(context, null);
  }

  /**
   * Like {@link #tls(javax.net.ssl.SSLContext)}, then {@code configure} adjusts each new engine: protocols, cipher
   * suites, client authentication, ALPN ({@code SSLParameters.setApplicationProtocols}).
   */
  public B tls(javax.net.ssl.SSLContext context, java.util.function.Consumer<javax.net.ssl.SSLEngine> configure) {
    o.sslContext = Objects.requireNonNull(context, "context");
    o.sslEngineConfigurator = configure;
    return self();
  }

  /** SO_RCVBUF in bytes for every connection (set on listeners before listen, so accepted sockets inherit it). */
  public B receiveBufferSize(int bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("SO_RCVBUF (receiveBufferSize) <= 0: " + bytes);
    SocketOptions s = o.socketOptions;
    o.socketOptions = new SocketOptions(bytes, s.sendBufferSize, s.lingerSeconds, s.trafficClass);
    return self();
  }

  /** SO_SNDBUF in bytes for every connection. */
  public B sendBufferSize(int bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("SO_SNDBUF (sendBufferSize) <= 0: " + bytes);
    SocketOptions s = o.socketOptions;
    o.socketOptions = new SocketOptions(s.receiveBufferSize, bytes, s.lingerSeconds, s.trafficClass);
    return self();
  }

  /**
   * Closes a TLS connection whose handshake has not finished after {@code timeout} with a
   * {@link ConnTimeoutException} of kind HANDSHAKE (default 10 s; zero: no limit).
   */
  public B tlsHandshakeTimeout(java.time.Duration timeout) {
    Objects.requireNonNull(timeout, "tlsHandshakeTimeout: null");
    if (timeout.isNegative()) throw new IllegalArgumentException("tlsHandshakeTimeout < 0: " + timeout);
    o.tlsHandshakeTimeoutNanos = timeout.toNanos();
    return self();
  }

  /**
   * SO_LINGER for every connection, in whole seconds: close waits up to that long for unsent data; zero makes
   * close reset the connection (default: off).
   */
  public B linger(java.time.Duration linger) {
    Objects.requireNonNull(linger, "linger: null");
    if (linger.isNegative() || linger.getSeconds() > 65535) {
      throw new IllegalArgumentException("SO_LINGER (linger) not in 0..65535 s: " + linger);
    }
    SocketOptions s = o.socketOptions;
    o.socketOptions = new SocketOptions(s.receiveBufferSize, s.sendBufferSize, (int) linger.getSeconds(),
        s.trafficClass);
    return self();
  }

  /** IP_TOS (IPV6_TCLASS on IPv6) for every TCP connection, 0-255 (e.g. 0x10 low delay); skipped on Unix sockets. */
  public B trafficClass(int tos) {
    if (tos < 0 || tos > 255) throw new IllegalArgumentException("IP_TOS (trafficClass) not in 0..255: " + tos);
    SocketOptions s = o.socketOptions;
    o.socketOptions = new SocketOptions(s.receiveBufferSize, s.sendBufferSize, s.lingerSeconds, tos);
    return self();
  }

  /** Checks the options that depend on each other; returns a copy to start from. */
  ServerOptions validated() {
    if (o.callback == null) {
      throw new IllegalStateException("callback not set: call callback(...) on the builder before bind/start/build");
    }
    if (o.lowWaterMark > o.highWaterMark) {
      throw new IllegalArgumentException(
          "lowWaterMark > highWaterMark: " + o.lowWaterMark + " > " + o.highWaterMark);
    }
    return o.copy();
  }
}

package io.pulse.internal.server;

import io.pulse.Callback;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.TriggerType;

/** The server builder's settings, copied at bind time. */
public final class ServerOptions {
  public Callback<Object> callback;
  /** Null: raw bytes, each read delivered as a ByteBuffer. */
  public io.pulse.codec.Codec<Object> codec;
  public int loops = Runtime.getRuntime().availableProcessors();
  public TaskType taskType = TaskType.EVENT_LOOP;
  public int workerMin = Math.max(2, Runtime.getRuntime().availableProcessors());
  public int workerMax = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
  public TriggerType triggerType = TriggerType.LEVEL;
  public Transport transport = Transport.AUTO;
  public int readBufferSize = 4096;
  public int maxReadsPerWakeup = 16;
  public int highWaterMark = 1 << 20;
  public int lowWaterMark = 256 << 10;
  /** Whether a connection stops reading while its own writes are above the high water mark. */
  public boolean pauseReadingWhenUnwritable = true;
  public boolean reusePort;
  public boolean tcpNoDelay = true;
  public int backlog = 1024;
  public long idleTimeoutNanos;
  public long heartbeatNanos;
  public java.util.function.Consumer<io.pulse.Conn> heartbeat;
  public int maxConnections = Integer.MAX_VALUE;
  /** Null: round-robin without looking at the remote address. */
  public io.pulse.LoopSelector loopSelector;
  public long maxPendingWriteBytes = Long.MAX_VALUE;
  public boolean keepAlive;
  public int keepAliveIdleSeconds;
  public int keepAliveIntervalSeconds;
  public int keepAliveCount;
  /** Null: plain TCP. */
  public javax.net.ssl.SSLContext sslContext;
  public java.util.function.Consumer<javax.net.ssl.SSLEngine> sslEngineConfigurator;
  public long tlsHandshakeTimeoutNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
  /** SO_RCVBUF, SO_SNDBUF, SO_LINGER, IP_TOS for every connection (and SO_RCVBUF for listeners). */
  public io.pulse.internal.net.SocketOptions socketOptions = io.pulse.internal.net.SocketOptions.DEFAULTS;
  /** SO_REUSEADDR on TCP listeners (default true). */
  public boolean reuseAddress = true;
  /** Addresses added with listen(...) before start: InetSocketAddress or UnixDomainSocketAddress. */
  public java.util.List<java.net.SocketAddress> listenAddresses = new java.util.ArrayList<>();

  public ServerOptions copy() {
    ServerOptions c = new ServerOptions();
    c.callback = callback;
    c.codec = codec;
    c.loops = loops;
    c.taskType = taskType;
    c.workerMin = workerMin;
    c.workerMax = workerMax;
    c.triggerType = triggerType;
    c.transport = transport;
    c.readBufferSize = readBufferSize;
    c.maxReadsPerWakeup = maxReadsPerWakeup;
    c.highWaterMark = highWaterMark;
    c.lowWaterMark = lowWaterMark;
    c.pauseReadingWhenUnwritable = pauseReadingWhenUnwritable;
    c.reusePort = reusePort;
    c.tcpNoDelay = tcpNoDelay;
    c.backlog = backlog;
    c.idleTimeoutNanos = idleTimeoutNanos;
    c.heartbeatNanos = heartbeatNanos;
    c.heartbeat = heartbeat;
    c.maxConnections = maxConnections;
    c.loopSelector = loopSelector;
    c.maxPendingWriteBytes = maxPendingWriteBytes;
    c.keepAlive = keepAlive;
    c.keepAliveIdleSeconds = keepAliveIdleSeconds;
    c.keepAliveIntervalSeconds = keepAliveIntervalSeconds;
    c.keepAliveCount = keepAliveCount;
    c.sslContext = sslContext;
    c.sslEngineConfigurator = sslEngineConfigurator;
    c.tlsHandshakeTimeoutNanos = tlsHandshakeTimeoutNanos;
    c.socketOptions = socketOptions;
    c.reuseAddress = reuseAddress;
    c.listenAddresses = new java.util.ArrayList<>(listenAddresses);
    return c;
  }
}

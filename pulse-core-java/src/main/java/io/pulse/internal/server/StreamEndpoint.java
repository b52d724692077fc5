package io.pulse.internal.server;

import io.pulse.TaskType;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.loop.LoopGroup;
import io.pulse.internal.net.StreamSocket;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server and a client share: loops (owned or borrowed), the callback executor and dispatcher, and the set
 * of open connections.
 */
abstract class StreamEndpoint {
  private static final Logger log = LoggerFactory.getLogger(StreamEndpoint.class);
  private static final long JOIN_SECONDS = 10;

  final ServerOptions options;
  final LoopGroup loops;
  final boolean ownsLoops;
  final OpenConns conns;
  private final ExecutorService executor;
  private final NamedThreads threads;
  private final Dispatcher dispatcher;
  private final ExecutorService tlsTasks; // the SSLEngines' delegated tasks; null without TLS
  private final NamedThreads tlsThreads;
  private final TlsScratch[] tlsScratch; // one per loop, index as in loops; null without TLS

  StreamEndpoint(ServerOptions options, LoopGroup loops, boolean ownsLoops, boolean admission) {
    this.options = options;
    this.conns = new OpenConns(admission);
    this.loops = loops;
    this.ownsLoops = ownsLoops;
    if (options.taskType == TaskType.WORKER_POOL) {
      threads = new NamedThreads("pulse-worker-", false);
      executor = CallbackExecutors.workerPool(options.workerMin, options.workerMax, threads);
    } else if (options.taskType == TaskType.PER_CONNECTION) {
      threads = new NamedThreads("pulse-conn-", true);
      executor = CallbackExecutors.perConnection(threads);
    } else {
      threads = null;
      executor = null;
    }
    dispatcher = executor == null
        ? new Dispatcher.InLoop(options.callback) : new Dispatcher.Serial(options.callback, executor);
    if (options.sslContext != null) { // its own threads: a shared pool that user code blocks would stall handshakes
      tlsThreads = new NamedThreads("pulse-tls-", true);
      tlsTasks = CallbackExecutors.workerPool(0, Math.max(2, Runtime.getRuntime().availableProcessors()), tlsThreads);
    } else {
      tlsThreads = null;
      tlsTasks = null;
    }
    tlsScratch = options.sslContext == null ? null : new TlsScratch[loops.size()];
    for (int i = 0; tlsScratch != null && i < tlsScratch.length; i++) {
      tlsScratch[i] = new TlsScratch(loops.get(i).readBuffer.capacity());
    }
  }

  /**
   * Wraps a connected socket in a connection on {@code loop} and delivers onOpen (after the TLS handshake, if any),
   * completing {@code opened} (may be null) just before; null if registration failed.
   */
  ConnImpl startConn(EventLoop loop, StreamSocket s, java.util.concurrent.CompletableFuture<io.pulse.Conn> opened) {
    configure(s);
    ConnImpl c = newConn(loop, s, null, -1);
    return c.start(opened) ? c : null;
  }

  /**
   * Applies the per-socket options (TCP_NODELAY, keepalive, buffers, linger, TOS; the TCP ones skipped on Unix
   * domain sockets); failures are logged, not fatal.
   */
  void configure(StreamSocket s) {
    try {
      if (options.socketOptions.any()) s.options(options.socketOptions);
      if (options.tcpNoDelay) s.noDelay(true);
      if (options.keepAlive) {
        s.keepAlive(options.keepAliveIdleSeconds, options.keepAliveIntervalSeconds, options.keepAliveCount);
      }
    } catch (IOException e) {
      log.warn("socket options failed on a new connection", e);
    }
  }

  /**
   * A connection object for {@code s} on {@code loop}, not yet registered; with TLS configured, its engine is in
   * client mode when this endpoint is a client ({@code peerHost}, if known, names the server for SNI and hostname
   * checks). Loop thread.
   */
  ConnImpl newConn(EventLoop loop, StreamSocket s, String peerHost, int peerPort) {
    ConnImpl c = new ConnImpl(loop, s, conns, dispatcher, options);
    if (options.sslContext != null) c.useTls(newEngine(peerHost, peerPort), tlsScratchOf(loop), tlsTasks);
    return c;
  }

  private TlsScratch tlsScratchOf(EventLoop loop) {
    for (int i = 0; i < loops.size(); i++) if (loops.get(i) == loop) return tlsScratch[i];
    throw new IllegalStateException("not one of this endpoint's loops: " + loop);
  }

  private javax.net.ssl.SSLEngine newEngine(String peerHost, int peerPort) {
    boolean client = isClient();
    javax.net.ssl.SSLEngine e = client && peerHost != null
        ? options.sslContext.createSSLEngine(peerHost, peerPort) : options.sslContext.createSSLEngine();
    e.setUseClientMode(client);
    if (client && peerHost != null) { // check the server's certificate names the host we dialled
      javax.net.ssl.SSLParameters p = e.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      e.setSSLParameters(p);
    }
    if (options.sslEngineConfigurator != null) options.sslEngineConfigurator.accept(e);
    return e;
  }

  /** True for a client (TLS engines in client mode). */
  abstract boolean isClient();

  /** Closes every connection at once, each on its own loop, and waits for that. */
  void closeAllConns() {
    for (int i = 0; i < loops.size(); i++) {
      EventLoop loop = loops.get(i);
      LoopGroup.runAndWait(loop, () -> {
        for (ConnImpl c : conns.snapshot()) if (c.loop == loop) c.closeNow(null);
      });
    }
  }

  /** Stops the loops if owned, then lets the callback threads finish and joins them. */
  void stopThreads() {
    if (ownsLoops) loops.close();
    stop(executor, threads, "callback");
    stop(tlsTasks, tlsThreads, "TLS task");
  }

  private static void stop(ExecutorService pool, NamedThreads threads, String what) {
    if (pool == null) return;
    pool.shutdown();
    try {
      if (!pool.awaitTermination(JOIN_SECONDS, TimeUnit.SECONDS)) log.warn("{} threads still busy", what);
      else threads.joinAll(1000); // a terminated pool's threads may still be exiting
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

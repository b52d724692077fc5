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
  /** The endpoint whose callback the current thread is running (worker and per-connection modes). */
  private static final ThreadLocal<StreamEndpoint> RUNNING_CALLBACK_OF = new ThreadLocal<>();

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
  /** Completes when close has released everything and joined the threads. */
  final java.util.concurrent.CompletableFuture<Void> terminated = new java.util.concurrent.CompletableFuture<>();

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
        ? new Dispatcher.InLoop(options.callback) : new Dispatcher.Serial(options.callback, marking(executor));
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
    e.setEnabledProtocols(modernProtocols(e)); // TLS 1.2 and 1.3 only, whatever the context enables; configurable
    if (client && peerHost != null) { // check the server's certificate names the host we dialled
      javax.net.ssl.SSLParameters p = e.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      e.setSSLParameters(p);
    }
    if (options.sslEngineConfigurator != null) options.sslEngineConfigurator.accept(e);
    return e;
  }

  /** Runs each task with this endpoint marked as the one whose callback the thread runs (see onOwnThread). */
  private java.util.concurrent.Executor marking(ExecutorService pool) {
    return task -> pool.execute(() -> {
      RUNNING_CALLBACK_OF.set(this);
      try {
        task.run();
      } finally {
        RUNNING_CALLBACK_OF.remove();
      }
    });
  }

  /**
   * True on a thread that closing must not wait for: one of the loops (own or borrowed), or a worker or
   * per-connection thread inside one of this endpoint's callbacks.
   */
  boolean onOwnThread() {
    for (int i = 0; i < loops.size(); i++) if (loops.get(i).inLoop()) return true;
    return RUNNING_CALLBACK_OF.get() == this;
  }

  /**
   * Runs {@code release} (which stops and joins this endpoint's threads) and then completes {@link #terminated}:
   * at once, or on a new thread when called on one of this endpoint's own threads, which cannot join itself.
   */
  void releaseFromAnyThread(Runnable release) {
    Runnable r = () -> {
      try {
        release.run();
      } finally {
        terminated.complete(null);
      }
    };
    if (!onOwnThread()) {
      r.run();
      return;
    }
    Thread t = new Thread(r, "pulse-close");
    t.start();
  }

  /** Waits for {@link #terminated}: forever with a null timeout; true if it completed. */
  boolean awaitTerminated(java.time.Duration timeout) throws InterruptedException {
    try {
      if (timeout == null) terminated.get();
      else terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true; // never completed exceptionally; closed either way
    }
  }

  /** The engine's supported protocols among TLSv1.3 and TLSv1.2 (the default; a configurator may change it). */
  private static String[] modernProtocols(javax.net.ssl.SSLEngine e) {
    return java.util.Arrays.stream(e.getSupportedProtocols())
        .filter(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2")).toArray(String[]::new);
  }

  /** True for a client (TLS engines in client mode). */
  abstract boolean isClient();

  /** Tells the callback of every open connection that the server is shutting down (onServerShutdown), on its loop. */
  void announceShutdown() {
    for (int i = 0; i < loops.size(); i++) {
      EventLoop loop = loops.get(i);
      LoopGroup.runAndWait(loop, () -> {
        for (ConnImpl c : conns.snapshot()) {
          if (c.loop != loop || !c.isOpen()) continue;
          try {
            dispatcher.callback.onServerShutdown(c);
          } catch (Throwable t) {
            log.warn("onServerShutdown of conn {} threw", c.id(), t);
          }
        }
      });
    }
  }

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

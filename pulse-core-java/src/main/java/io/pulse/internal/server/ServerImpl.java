package io.pulse.internal.server;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.net.IoSocket;
import io.pulse.internal.net.ListenSocket;
import io.pulse.internal.poll.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: loops, acceptors, the callback executor and the set of open connections. */
public final class ServerImpl implements PulseServer {
  private static final Logger log = LoggerFactory.getLogger(ServerImpl.class);
  private static final long JOIN_SECONDS = 10;

  private final ServerOptions options;
  private final Transport transport;
  private final EventLoop[] loops;
  private final List<Acceptor> acceptors = new ArrayList<>();
  private final ConnGroup conns = new ConnGroup();
  private final ExecutorService executor;
  private final Dispatcher dispatcher;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean accepting = true;
  private InetSocketAddress localAddress;

  private ServerImpl(ServerOptions o, Transport transport) {
    this.options = o;
    this.transport = transport;
    this.loops = new EventLoop[o.loops];
    if (o.taskType == TaskType.WORKER_POOL) executor = CallbackExecutors.workerPool(o.workerMin, o.workerMax);
    else if (o.taskType == TaskType.PER_CONNECTION) executor = CallbackExecutors.perConnection();
    else executor = null;
    dispatcher = executor == null ? new Dispatcher.InLoop(o.callback) : new Dispatcher.Serial(o.callback, executor);
  }

  /** Binds and starts a server; on failure everything opened so far is released. */
  public static PulseServer start(ServerOptions o, InetSocketAddress address) throws IOException {
    Transport t = Transports.resolve(o.transport);
    if (t == Transport.NIO && o.triggerType == TriggerType.EDGE) {
      log.debug("NIO is level-triggered; EDGE behaves as LEVEL");
    }
    ServerImpl s = new ServerImpl(o, t);
    try {
      s.open(address);
      return s;
    } catch (IOException | RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  private void open(InetSocketAddress address) throws IOException {
    boolean nativeT = Transports.isNative(transport);
    boolean edge = options.triggerType == TriggerType.EDGE;
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new EventLoop("pulse-loop-" + i, Transports.open(transport, edge), options.readBufferSize, nativeT);
      loops[i].start();
    }
    if (options.reusePort) {
      InetSocketAddress bindTo = address;
      for (EventLoop loop : loops) {
        ListenSocket l = ListenSocket.open(nativeT, bindTo, options.backlog, true);
        acceptors.add(new Acceptor(this, loop, l, new EventLoop[] {loop}));
        if (bindTo.getPort() == 0) bindTo = new InetSocketAddress(address.getAddress(), l.localAddress().getPort());
      }
    } else {
      ListenSocket l = ListenSocket.open(nativeT, address, options.backlog, false);
      acceptors.add(new Acceptor(this, loops[0], l, loops));
    }
    localAddress = acceptors.get(0).listener().localAddress();
    for (Acceptor a : acceptors) {
      Throwable t = onLoop(a.loop(), a::start);
      if (t instanceof IOException) throw (IOException) t;
      if (t != null) throw new IOException("starting the acceptor failed", t);
    }
    log.debug("listening on {} with {} {} loop(s), {} callbacks", localAddress, loops.length, transport,
        options.taskType);
  }

  /** Creates and starts a connection on {@code loop}. Loop thread. */
  void startConn(EventLoop loop, IoSocket s) {
    if (!accepting) {
      try {
        s.close();
      } catch (IOException e) {
        log.debug("closing a late connection failed", e);
      }
      return;
    }
    try {
      if (options.tcpNoDelay) s.noDelay(true);
    } catch (IOException e) {
      log.debug("TCP_NODELAY failed on an accepted socket", e);
    }
    new ConnImpl(loop, s, conns, dispatcher, options.highWaterMark, options.lowWaterMark,
        options.maxReadsPerWakeup).start();
  }

  @Override public int port() { return localAddress.getPort(); }

  @Override public InetSocketAddress localAddress() { return localAddress; }

  @Override public Transport transport() { return transport; }

  @Override public int connectionCount() { return conns.size(); }

  @Override
  public boolean shutdownGracefully(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (closed.get()) return conns.size() == 0;
    stopAccepting();
    CompletableFuture<Void> empty = conns.whenEmpty();
    for (ConnImpl c : conns.snapshot()) c.close();
    boolean clean;
    try {
      empty.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      clean = true;
    } catch (TimeoutException e) {
      clean = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    } catch (java.util.concurrent.ExecutionException e) {
      clean = false;
    }
    close();
    return clean;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    stopAccepting();
    for (EventLoop loop : loops) {
      if (loop == null) continue;
      onLoop(loop, () -> {
        for (ConnImpl c : conns.snapshot()) if (c.loop == loop) c.closeNow(null);
      });
      loop.shutdown();
    }
    for (EventLoop loop : loops) {
      if (loop == null) continue;
      try {
        if (!loop.awaitTermination(JOIN_SECONDS, TimeUnit.SECONDS)) log.warn("an event loop did not stop in time");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (executor != null) {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(JOIN_SECONDS, TimeUnit.SECONDS)) log.warn("callback threads still busy");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void stopAccepting() {
    if (!accepting) return;
    accepting = false;
    for (Acceptor a : acceptors) onLoop(a.loop(), a::close);
  }

  /** Runs {@code task} on {@code loop}, waits for it, and returns what it threw, if anything. */
  private static Throwable onLoop(EventLoop loop, ThrowingRunnable task) {
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failure = new Throwable[1];
    loop.execute(() -> {
      try {
        task.run();
      } catch (Throwable t) {
        failure[0] = t;
      } finally {
        done.countDown();
      }
    });
    try {
      if (!done.await(JOIN_SECONDS, TimeUnit.SECONDS)) log.warn("a loop task did not run in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return failure[0];
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}

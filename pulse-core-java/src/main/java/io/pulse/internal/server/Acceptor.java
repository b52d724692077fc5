package io.pulse.internal.server;

import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.net.StreamSocket;
import io.pulse.internal.net.ListenSocket;
import io.pulse.internal.poll.Pollable;
import io.pulse.internal.poll.LoopPoller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts until the queue is empty on each readiness and hands each connection to a loop. When the process runs
 * out of fds it stops watching the listener for a moment (logged at most once a second) and keeps serving.
 */
final class Acceptor extends Pollable {
  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
  private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ServerImpl server;
  private final EventLoop loop;
  private final ListenSocket listener;
  private final EventLoop[] targets;
  private final io.pulse.LoopSelector selector;
  private final int[] openPerLoop;
  private int next;
  private final RateLimitedLog errorLog = new RateLimitedLog(log);
  private boolean closed;

  Acceptor(ServerImpl server, EventLoop loop, ListenSocket listener, EventLoop[] targets) {
    super(listener.fd(), listener.channel());
    this.server = server;
    this.loop = loop;
    this.listener = listener;
    this.targets = targets;
    this.selector = server.options.loopSelector;
    this.openPerLoop = new int[targets.length];
  }

  EventLoop loop() {
    return loop;
  }

  ListenSocket listener() {
    return listener;
  }

  /** Starts watching the listener. Loop thread. */
  void start() throws IOException {
    loop.poller().register(this, LoopPoller.READ);
  }

  @Override
  public void onReady(int readyOps) {
    if (closed) return;
    for (;;) {
      StreamSocket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        onAcceptError(e);
        return;
      }
      if (s == null) return;
      if (!server.admit(s)) continue;
      EventLoop target = targets.length == 1 ? targets[0] : choose(s);
      target.openConnections.incrementAndGet();
      if (target == loop) server.accepted(target, s);
      else target.execute(() -> server.accepted(target, s));
    }
  }

  private EventLoop choose(StreamSocket s) {
    if (selector == null) {
      EventLoop t = targets[next];
      if (++next == targets.length) next = 0;
      return t;
    }
    InetSocketAddress remote = null;
    try {
      java.net.SocketAddress a = s.remoteAddress();
      if (a instanceof InetSocketAddress) remote = (InetSocketAddress) a; // a Unix domain peer has no IP
    } catch (IOException e) {
      log.debug("no peer address for loop selection", e);
    }
    for (int i = 0; i < targets.length; i++) openPerLoop[i] = targets[i].openConnections.get();
    int i = selector.select(remote, openPerLoop);
    if (i < 0 || i >= targets.length) {
      throw new IllegalStateException("loopSelector returned " + i + " for " + targets.length + " loops");
    }
    return targets[i];
  }

  private void onAcceptError(IOException e) {
    boolean exhausted = listener.isFdExhaustion(e);
    errorLog.warn(() -> "accept failed: " + e.getMessage()
        + (exhausted ? "; out of file descriptors, pausing accepts for 100 ms" : ""));
    if (!exhausted) return;
    try {
      loop.poller().modify(this, 0);
      loop.schedule(BACKOFF_NANOS, this::resume);
    } catch (IOException ex) {
      log.error("could not pause the listener", ex);
    }
  }

  private void resume() {
    if (closed) return;
    try {
      loop.poller().modify(this, LoopPoller.READ);
    } catch (IOException e) {
      log.error("could not resume the listener", e);
    }
  }

  /** Stops watching and closes the listening socket. Loop thread. */
  void close() {
    if (closed) return;
    closed = true;
    try {
      loop.poller().deregister(this);
    } catch (Throwable t) {
      log.debug("deregistering the listener failed", t);
    }
    try {
      listener.close();
    } catch (IOException e) {
      log.warn("closing the listener failed", e);
    }
  }
}

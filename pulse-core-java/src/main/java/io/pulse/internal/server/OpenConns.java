package io.pulse.internal.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endpoint's open connections: counted, listable for shutdown, able to say when the last one closed, and
 * (for servers) admitting at most a maximum number at once.
 */
final class OpenConns {
  private final ConcurrentHashMap<Long, ConnImpl> conns = new ConcurrentHashMap<>();
  private volatile java.util.function.Consumer<ConnImpl> onRemoved = c -> { };
  private final AtomicInteger admitted = new AtomicInteger();
  private final boolean admission;
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong closed = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  private volatile CompletableFuture<Void> emptied;
  /** The server these connections belong to (set before it accepts any); null for a client's. */
  volatile io.pulse.PulseServer server;

  /** {@code admission}: connections must be {@link #tryAdmit admitted} first (servers). */
  OpenConns(boolean admission) {
    this.admission = admission;
  }

  /** Reserves a place for a new connection; false (and counted) when {@code max} are already open. */
  boolean tryAdmit(int max) {
    for (;;) {
      int n = admitted.get();
      if (n >= max) {
        rejected.incrementAndGet();
        return false;
      }
      if (admitted.compareAndSet(n, n + 1)) return true;
    }
  }

  /** Gives back a place reserved for a connection that never started. */
  void release() {
    admitted.decrementAndGet();
  }

  /** Runs {@code hook} for each connection that closes (one hook). */
  void onRemoved(java.util.function.Consumer<ConnImpl> hook) {
    onRemoved = hook;
  }

  ConnImpl find(long id) {
    return conns.get(id);
  }

  void added(ConnImpl c) {
    conns.put(c.id(), c);
    accepted.incrementAndGet();
  }

  void removed(ConnImpl c) {
    if (conns.remove(c.id()) == null) return;
    onRemoved.accept(c);
    closed.incrementAndGet();
    if (admission) admitted.decrementAndGet();
    CompletableFuture<Void> f = emptied;
    if (f != null && conns.isEmpty()) f.complete(null);
  }

  int size() {
    return conns.size();
  }

  List<ConnImpl> snapshot() {
    return new ArrayList<>(conns.values());
  }

  /** Completes when no connection is left (at once if none is). */
  CompletableFuture<Void> whenEmpty() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    emptied = f;
    if (conns.isEmpty()) f.complete(null);
    return f;
  }
}

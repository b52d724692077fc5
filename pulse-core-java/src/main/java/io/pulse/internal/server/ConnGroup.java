package io.pulse.internal.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A server's open connections: counted, listable for shutdown, and able to say when the last one closed. */
final class ConnGroup {
  private final Set<ConnImpl> conns = ConcurrentHashMap.newKeySet();
  private volatile CompletableFuture<Void> emptied;

  void added(ConnImpl c) {
    conns.add(c);
  }

  void removed(ConnImpl c) {
    conns.remove(c);
    CompletableFuture<Void> f = emptied;
    if (f != null && conns.isEmpty()) f.complete(null);
  }

  int size() {
    return conns.size();
  }

  List<ConnImpl> snapshot() {
    return new ArrayList<>(conns);
  }

  /** Completes when no connection is left (at once if none is). */
  CompletableFuture<Void> whenEmpty() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    emptied = f;
    if (conns.isEmpty()) f.complete(null);
    return f;
  }
}

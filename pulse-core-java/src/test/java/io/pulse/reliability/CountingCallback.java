package io.pulse.reliability;

import io.pulse.Callback;
import io.pulse.Conn;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An echo callback that counts opens and closes and keeps each close's error, by kind. Thread-safe. */
class CountingCallback implements Callback<ByteBuffer> {
  final AtomicInteger opens = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();
  final AtomicInteger cleanCloses = new AtomicInteger();
  /** Errors by their class's simple name, with one example message each. */
  final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  final Map<String, String> examples = new ConcurrentHashMap<>();

  @Override
  public void onOpen(Conn conn) {
    opens.incrementAndGet();
  }

  @Override
  public void onData(Conn conn, ByteBuffer msg) {
    conn.write(msg);
  }

  @Override
  public void onClose(Conn conn, Throwable err) {
    if (err == null) {
      cleanCloses.incrementAndGet();
    } else {
      String kind = err.getClass().getSimpleName();
      errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      examples.putIfAbsent(kind, String.valueOf(err.getMessage()));
    }
    closes.incrementAndGet();
  }

  int errorCount(String kind) {
    AtomicInteger n = errors.get(kind);
    return n == null ? 0 : n.get();
  }

  @Override
  public String toString() {
    return "opens=" + opens + " closes=" + closes + " clean=" + cleanCloses + " errors=" + errors + " e.g. "
        + examples;
  }
}

package io.pulse.samples.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key space: string keys to string values with optional expiry, shared by every event loop. It is one
 * {@link ConcurrentHashMap}, so any loop may run any command without locks of ours, and single-key updates
 * (INCR, SET NX/XX) are atomic through {@code compute}. Expiry is lazy (a read of an expired key deletes it) plus
 * active: {@link #expireSome} walks the keys that have a deadline, a bounded batch at a time, from a loop timer.
 */
final class Store {
  /** A key: bytes with a cached hash. */
  static final class Key {
    final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override public int hashCode() { return hash; }

    @Override public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).hash == hash && Arrays.equals(((Key) o).bytes, bytes);
    }
  }

  /** A value and its deadline in epoch milliseconds (0: none). Immutable. */
  static final class Entry {
    final byte[] value;
    final long expiresAtMs;

    Entry(byte[] value, long expiresAtMs) {
      this.value = value;
      this.expiresAtMs = expiresAtMs;
    }

    boolean expired(long nowMs) {
      return expiresAtMs != 0 && expiresAtMs <= nowMs;
    }
  }

  private final ConcurrentHashMap<Key, Entry> map = new ConcurrentHashMap<>();
  private final Set<Key> withDeadline = ConcurrentHashMap.newKeySet();
  private Iterator<Key> cursor; // touched only by the active-expiry timer's loop

  /** The live entry for {@code k}, deleting it if it has expired; null if none. */
  Entry get(Key k) {
    Entry e = map.get(k);
    if (e == null || e.expiresAtMs == 0) return e;
    if (!e.expired(System.currentTimeMillis())) return e;
    map.remove(k, e);
    return null;
  }

  void put(Key k, Entry e) {
    map.put(k, e);
    if (e.expiresAtMs != 0) withDeadline.add(k);
  }

  /** Stores {@code e} only if {@code k} has a live value ({@code xx}) or has none ({@code !xx}); true if stored. */
  boolean putIf(Key k, Entry e, boolean xx) {
    boolean[] stored = new boolean[1];
    long now = System.currentTimeMillis();
    map.compute(k, (key, old) -> {
      boolean live = old != null && !old.expired(now);
      if (live != xx) return live ? old : null;
      stored[0] = true;
      return e;
    });
    if (stored[0] && e.expiresAtMs != 0) withDeadline.add(k);
    return stored[0];
  }

  /** Adds {@code delta} to the integer at {@code k} (0 if absent), keeping its deadline; the new value. */
  long add(Key k, long delta) {
    long[] result = new long[1];
    long now = System.currentTimeMillis();
    map.compute(k, (key, old) -> {
      boolean live = old != null && !old.expired(now);
      long v = live ? Commands.parseLong(old.value) : 0;
      long r = v + delta;
      if (((v ^ r) & (delta ^ r)) < 0) throw new CommandError("ERR increment or decrement would overflow");
      result[0] = r;
      return new Entry(Long.toString(r).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          live ? old.expiresAtMs : 0);
    });
    return result[0];
  }

  /** Sets the deadline of a live key; false if there is none. */
  boolean expireAt(Key k, long atMs) {
    boolean[] done = new boolean[1];
    long now = System.currentTimeMillis();
    map.computeIfPresent(k, (key, old) -> {
      if (old.expired(now)) return null;
      done[0] = true;
      return atMs <= now ? null : new Entry(old.value, atMs);
    });
    if (done[0] && atMs > now) withDeadline.add(k);
    return done[0];
  }

  boolean delete(Key k) {
    Entry e = map.remove(k);
    return e != null && !e.expired(System.currentTimeMillis());
  }

  /** Keys whose value is live and that match {@code pattern}. */
  List<byte[]> keys(byte[] pattern) {
    long now = System.currentTimeMillis();
    List<byte[]> out = new ArrayList<>();
    map.forEach((k, e) -> {
      if (!e.expired(now) && Glob.matches(pattern, k.bytes)) out.add(k.bytes);
    });
    return out;
  }

  /** Keys stored, counting expired ones not yet collected (as Redis's DBSIZE does). */
  int size() {
    return map.size();
  }

  int keysWithDeadline() {
    return withDeadline.size();
  }

  void clear() {
    map.clear();
    withDeadline.clear();
  }

  private void untrack(Key k) {
    withDeadline.remove(k);
    Entry again = map.get(k); // a SET with a deadline may have raced the removal
    if (again != null && again.expiresAtMs != 0) withDeadline.add(k);
  }

  /**
   * Active expiry: looks at up to {@code batch} keys that have a deadline, deleting the expired ones, and goes on
   * with another batch while more than a quarter of the last one had expired (Redis's rule), for at most
   * {@code budgetNanos}. Returns the keys deleted. One thread at a time (a single loop timer).
   */
  int expireSome(int batch, long budgetNanos) {
    long start = System.nanoTime();
    int deleted = 0;
    while (true) {
      int seen = 0;
      int expired = 0;
      long now = System.currentTimeMillis();
      boolean restarted = false;
      for (; seen < batch; seen++) {
        if (cursor == null || !cursor.hasNext()) {
          if (restarted) break; // once round the keys per batch is enough
          restarted = true;
          cursor = withDeadline.iterator();
          if (!cursor.hasNext()) break;
        }
        Key k = cursor.next();
        Entry e = map.get(k);
        if (e == null || e.expiresAtMs == 0) {
          untrack(k);
        } else if (e.expired(now) && map.remove(k, e)) {
          untrack(k);
          expired++;
        }
      }
      deleted += expired;
      if (seen == 0 || expired * 4 <= seen || System.nanoTime() - start > budgetNanos) return deleted;
    }
  }
}

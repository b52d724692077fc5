package io.pulse.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared key space: atomic updates from many threads, lazy and active expiry. */
class StoreTest {
  private final Store store = new Store();

  @Test
  void incrementsFromFourThreadsLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 10_000; i++) store.add(key("counter"), 1);
        }));
      }
      for (Future<?> f : done) f.get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals("40000", new String(store.get(key("counter")).value, StandardCharsets.US_ASCII));
  }

  @Test
  void nxAndXxStoreOnlyWhenTheyShould() {
    assertFalse(store.putIf(key("k"), entry("a", 0), true), "XX on a missing key");
    assertTrue(store.putIf(key("k"), entry("b", 0), false), "NX on a missing key");
    assertFalse(store.putIf(key("k"), entry("c", 0), false), "NX on a present key");
    assertTrue(store.putIf(key("k"), entry("d", 0), true), "XX on a present key");
    assertEquals("d", new String(store.get(key("k")).value, StandardCharsets.US_ASCII));
  }

  @Test
  void anExpiredKeyIsGoneOnReadAndCountsAsAbsentForNx() {
    store.put(key("old"), entry("v", System.currentTimeMillis() - 1));
    assertTrue(store.putIf(key("old"), entry("new", 0), false), "NX treats an expired key as absent");
    store.put(key("gone"), entry("v", System.currentTimeMillis() - 1));
    assertNull(store.get(key("gone")));
    assertEquals(1, store.size(), "the read deleted it");
  }

  @Test
  void incrementKeepsTheDeadlineAndRefusesOverflowAndText() {
    long at = System.currentTimeMillis() + 60_000;
    store.put(key("n"), entry("41", at));
    assertEquals(42, store.add(key("n"), 1));
    assertEquals(at, store.get(key("n")).expiresAtMs);
    store.put(key("max"), entry(Long.toString(Long.MAX_VALUE), 0));
    assertThrows(CommandError.class, () -> store.add(key("max"), 1));
    store.put(key("text"), entry("abc", 0));
    CommandError e = assertThrows(CommandError.class, () -> store.add(key("text"), 1));
    assertEquals("ERR value is not an integer or out of range", e.getMessage());
  }

  @Test
  void activeExpiryCollectsExpiredKeysNobodyReadsAndKeepsTheRest() {
    long past = System.currentTimeMillis() - 1;
    for (int i = 0; i < 1000; i++) store.put(key("tmp:" + i), entry("v", past));
    for (int i = 0; i < 10; i++) store.put(key("live:" + i), entry("v", past + 600_000));
    store.put(key("forever"), entry("v", 0));
    int deleted = 0;
    for (int tick = 0; tick < 100 && store.size() > 11; tick++) deleted += store.expireSome(200, 10_000_000);
    assertEquals(1000, deleted);
    assertEquals(11, store.size());
    assertNotNull(store.get(key("live:3")));
    assertEquals(10, store.keysWithDeadline());
  }

  private static Store.Key key(String s) {
    return new Store.Key(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static Store.Entry entry(String v, long at) {
    return new Store.Entry(v.getBytes(StandardCharsets.US_ASCII), at);
  }
}

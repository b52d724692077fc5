package io.pulse.reliability;

/**
 * A seeded pseudo-random byte stream addressable by position (a SplitMix64 word per 8 bytes), so a sender and a
 * checker agree on every byte without storing any. One cursor per direction; not thread-safe.
 */
final class BytePattern {
  private final long seed;
  private long wordIndex = -1;
  private long word;

  BytePattern(long seed) {
    this.seed = seed;
  }

  /** The byte at {@code position}. */
  byte at(long position) {
    long w = position >>> 3;
    if (w != wordIndex) {
      wordIndex = w;
      word = mix(seed + w * 0x9E3779B97F4A7C15L);
    }
    return (byte) (word >>> ((position & 7) << 3));
  }

  /** Fills {@code dst[0, n)} with the bytes from {@code position} on. */
  void fill(java.nio.ByteBuffer dst, long position, int n) {
    for (int i = 0; i < n; i++) dst.put(i, at(position + i));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

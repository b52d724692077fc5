package io.pulse.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes fuzz inputs from valid frames: bit flips, boundary bytes, integers planted at any offset in either byte
 * order (0, 1, limits and their neighbours, sign bits), truncation, insertion, deletion, duplication, splices with
 * junk; and cuts a stream into chunks (whole, byte by byte, small or large random pieces).
 */
final class Mutator {
  private static final long[] BOUNDARIES = {0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
      0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2};

  private Mutator() {}

  /** One input: its bytes, and the number of valid frames it holds if none was mutated (else -1). */
  record Input(byte[] bytes, int intactFrames) {}

  static Input next(Random r, FuzzTarget target) {
    if (r.nextInt(12) == 0) { // pure junk
      byte[] junk = new byte[r.nextInt(300)];
      r.nextBytes(junk);
      return new Input(junk, -1);
    }
    int frames = 1 + r.nextInt(4);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < frames; i++) b.writeBytes(target.validFrame(r));
    byte[] bytes = b.toByteArray();
    if (r.nextInt(6) == 0) return new Input(bytes, frames); // intact: must decode to exactly these frames
    int mutations = 1 + r.nextInt(3);
    for (int i = 0; i < mutations; i++) bytes = mutate(r, bytes, target);
    return new Input(bytes, -1);
  }

  private static byte[] mutate(Random r, byte[] b, FuzzTarget target) {
    int n = b.length;
    switch (r.nextInt(9)) {
      case 0: { // flip 1-8 bits
        if (n == 0) return b;
        b = b.clone();
        for (int k = 1 + r.nextInt(8); k > 0; k--) b[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
        return b;
      }
      case 1: { // a boundary byte
        if (n == 0) return b;
        b = b.clone();
        byte[] values = {0, (byte) 0xff, 0x7f, (byte) 0x80, '\r', '\n', 1};
        b[r.nextInt(n)] = values[r.nextInt(values.length)];
        return b;
      }
      case 2:
      case 3: // a length-like integer, most often near the front where headers live
        return plant(r, b, target);
      case 4: // truncate
        return Arrays.copyOf(b, n == 0 ? 0 : r.nextInt(n));
      case 5: { // insert random bytes
        byte[] extra = new byte[1 + r.nextInt(16)];
        r.nextBytes(extra);
        return splice(b, r.nextInt(n + 1), 0, extra);
      }
      case 6: { // delete a range
        if (n == 0) return b;
        int at = r.nextInt(n);
        return splice(b, at, 1 + r.nextInt(Math.min(32, n - at)), new byte[0]);
      }
      case 7: { // duplicate a range
        if (n == 0) return b;
        int at = r.nextInt(n);
        int len = 1 + r.nextInt(Math.min(64, n - at));
        return splice(b, r.nextInt(n + 1), 0, Arrays.copyOfRange(b, at, at + len));
      }
      default: { // append a fresh valid frame, or junk
        byte[] tail = r.nextBoolean() ? target.validFrame(r) : new byte[1 + r.nextInt(64)];
        if (tail.length > 0 && tail[0] == 0) r.nextBytes(tail);
        return splice(b, n, 0, tail);
      }
    }
  }

  private static byte[] plant(Random r, byte[] b, FuzzTarget target) {
    int size = new int[] {1, 2, 4, 8}[r.nextInt(4)];
    if (b.length < size) return b;
    long[] extra = target.interestingValues();
    long v;
    if (extra.length > 0 && r.nextInt(3) == 0) {
      v = extra[r.nextInt(extra.length)] + r.nextInt(3) - 1; // a limit, or one either side
    } else {
      v = BOUNDARIES[r.nextInt(BOUNDARIES.length)];
    }
    int at = r.nextBoolean() ? r.nextInt(Math.min(b.length - size, 16) + 1) : r.nextInt(b.length - size + 1);
    b = b.clone();
    boolean bigEndian = r.nextInt(4) != 0;
    for (int i = 0; i < size; i++) {
      int shift = 8 * (bigEndian ? size - 1 - i : i);
      b[at + i] = (byte) (v >>> shift);
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }

  /** Cuts {@code n} bytes into chunk lengths: whole, byte by byte, small or large random pieces. */
  static int[] chunks(Random r, int n) {
    int mode = r.nextInt(4);
    if (mode == 0 || n == 0) return new int[] {n};
    if (mode == 1 && n <= 512) {
      int[] ones = new int[n];
      Arrays.fill(ones, 1);
      return ones;
    }
    int max = mode == 2 ? 8 : Math.max(1, n / 2);
    List<Integer> cuts = new ArrayList<>();
    for (int left = n; left > 0; ) {
      int c = Math.min(left, 1 + r.nextInt(max));
      cuts.add(c);
      left -= c;
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }
}

package io.pulse.samples.redis;

/**
 * Redis-style glob matching for KEYS: {@code *} any run, {@code ?} one byte, {@code [abc]}, {@code [^a-z]}
 * classes, and {@code \x} for a literal x. Byte-wise, iterative (a star backtracks to its last position only).
 */
final class Glob {
  private Glob() {}

  static boolean matches(byte[] pattern, byte[] s) {
    int p = 0;
    int i = 0;
    int starP = -1;
    int starI = 0;
    while (i < s.length) {
      if (p < pattern.length && pattern[p] == '*') {
        starP = p++;
        starI = i;
        continue;
      }
      if (p < pattern.length) {
        int next = step(pattern, p, s[i]);
        if (next >= 0) {
          p = next;
          i++;
          continue;
        }
      }
      if (starP < 0) return false;
      p = starP + 1; // let the last star swallow one more byte
      i = ++starI;
    }
    while (p < pattern.length && pattern[p] == '*') p++;
    return p == pattern.length;
  }

  /** If the pattern element at {@code p} matches byte {@code c}, the position after the element; else -1. */
  private static int step(byte[] pat, int p, byte c) {
    byte t = pat[p];
    if (t == '?') return p + 1;
    if (t == '\\' && p + 1 < pat.length) return pat[p + 1] == c ? p + 2 : -1;
    if (t != '[') return t == c ? p + 1 : -1;
    int q = p + 1;
    boolean negate = q < pat.length && pat[q] == '^';
    if (negate) q++;
    boolean hit = false;
    while (q < pat.length && pat[q] != ']') {
      if (pat[q] == '\\' && q + 1 < pat.length) {
        hit |= pat[q + 1] == c;
        q += 2;
      } else if (q + 2 < pat.length && pat[q + 1] == '-' && pat[q + 2] != ']') {
        int lo = Math.min(pat[q] & 0xff, pat[q + 2] & 0xff);
        int hi = Math.max(pat[q] & 0xff, pat[q + 2] & 0xff);
        hit |= (c & 0xff) >= lo && (c & 0xff) <= hi;
        q += 3;
      } else {
        hit |= pat[q] == c;
        q++;
      }
    }
    // an unclosed '[' ends the class at the pattern's end, as Redis does
    return hit != negate ? Math.min(q + 1, pat.length) : -1;
  }
}

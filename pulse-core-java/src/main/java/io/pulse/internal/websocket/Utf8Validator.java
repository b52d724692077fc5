package io.pulse.internal.websocket;

/**
 * Checks UTF-8 incrementally, so a text message split over frames (or reads) is checked as one: rejects
 * overlong forms, surrogates and code points above U+10FFFF (RFC 3629), and a message that ends mid-character.
 */
final class Utf8Validator {
  private int need;          // continuation bytes still expected
  private int lo = 0x80;     // bounds of the next continuation byte
  private int hi = 0xBF;

  /** Feeds {@code b[off, off+len)}; false as soon as the bytes cannot be UTF-8. */
  boolean feed(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      if (need == 0) {
        while (i < end && b[i] >= 0) i++; // ASCII run
        if (i == end) return true;
        int c = b[i++] & 0xFF;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; lo = 0x80; hi = 0xBF; }
        else if (c == 0xE0) { need = 2; lo = 0xA0; hi = 0xBF; }
        else if (c == 0xED) { need = 2; lo = 0x80; hi = 0x9F; }
        else if (c >= 0xE1 && c <= 0xEF) { need = 2; lo = 0x80; hi = 0xBF; }
        else if (c == 0xF0) { need = 3; lo = 0x90; hi = 0xBF; }
        else if (c >= 0xF1 && c <= 0xF3) { need = 3; lo = 0x80; hi = 0xBF; }
        else if (c == 0xF4) { need = 3; lo = 0x80; hi = 0x8F; }
        else return false;
      } else {
        int c = b[i++] & 0xFF;
        if (c < lo || c > hi) return false;
        need--;
        lo = 0x80;
        hi = 0xBF;
      }
    }
    return true;
  }

  /** True if the bytes fed so far end on a character boundary. */
  boolean complete() {
    return need == 0;
  }

  /** Starts a new message. */
  void reset() {
    need = 0;
    lo = 0x80;
    hi = 0xBF;
  }
}

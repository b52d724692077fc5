package io.pulse.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A connection's RESP2 replies, gathered in one growable byte array and written to the peer in one go: pipelined
 * commands cost one write, not one each. Used by one thread at a time (the connection's).
 */
final class RespReply {
  private static final int SHRINK_ABOVE = 64 * 1024;
  private static final byte[] OK = bytes("+OK\r\n");
  private static final byte[] NIL = bytes("$-1\r\n");

  private byte[] buf = new byte[256];
  private int len;

  int length() {
    return len;
  }

  byte[] array() {
    return buf;
  }

  /** Forgets what was written, giving back a buffer grown by a big reply. */
  void reset() {
    len = 0;
    if (buf.length > SHRINK_ABOVE) buf = new byte[256];
  }

  void ok() {
    raw(OK);
  }

  void nil() {
    raw(NIL);
  }

  /** {@code +text}: text must not hold CR or LF. */
  void simple(String text) {
    put((byte) '+');
    ascii(text);
    crlf();
  }

  /** {@code -message}, e.g. {@code ERR syntax error}. */
  void error(String message) {
    put((byte) '-');
    ascii(message.replace('\r', ' ').replace('\n', ' '));
    crlf();
  }

  void integer(long v) {
    put((byte) ':');
    number(v);
    crlf();
  }

  void bulk(byte[] b) {
    put((byte) '$');
    number(b.length);
    crlf();
    raw(b);
    crlf();
  }

  void bulk(String s) {
    bulk(s.getBytes(StandardCharsets.UTF_8));
  }

  void arrayHeader(int n) {
    put((byte) '*');
    number(n);
    crlf();
  }

  void raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
  }

  private void number(long v) {
    if (v == Long.MIN_VALUE) {
      ascii(Long.toString(v));
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) digits++;
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += digits;
  }

  private void crlf() {
    ensure(2);
    buf[len++] = '\r';
    buf[len++] = '\n';
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int more) {
    if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

package io.pulse.internal.websocket;

import java.nio.charset.StandardCharsets;

/** Encodes server frames (never masked) into one array each, header and payload together, ready to write. */
public final class Frames {
  public static final int CONTINUATION = 0, TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

  private Frames() {}

  /** A final text frame carrying {@code text} as UTF-8. */
  public static byte[] text(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return frame(TEXT, utf8, 0, utf8.length);
  }

  /** A final binary frame carrying {@code data}. */
  public static byte[] binary(byte[] data) {
    return frame(BINARY, data, 0, data.length);
  }

  /** A close frame with {@code code} and {@code reason} cut to fit 125 bytes; code 1005 sends an empty payload. */
  public static byte[] close(int code, String reason) {
    if (code == 1005) return frame(CLOSE, new byte[0], 0, 0);
    byte[] r = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(r.length, 123);
    while (n > 0 && n < r.length && (r[n] & 0xC0) == 0x80) n--; // don't cut a character in half
    byte[] payload = new byte[2 + n];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(r, 0, payload, 2, n);
    return frame(CLOSE, payload, 0, payload.length);
  }

  /** A final frame of {@code opcode} with {@code payload[off, off+len)}. */
  public static byte[] frame(int opcode, byte[] payload, int off, int len) {
    int head = len < 126 ? 2 : len < 65536 ? 4 : 10;
    byte[] f = new byte[head + len];
    f[0] = (byte) (0x80 | opcode);
    if (len < 126) {
      f[1] = (byte) len;
    } else if (len < 65536) {
      f[1] = 126;
      f[2] = (byte) (len >> 8);
      f[3] = (byte) len;
    } else {
      f[1] = 127;
      long l = len;
      for (int i = 0; i < 8; i++) f[2 + i] = (byte) (l >>> (56 - 8 * i));
    }
    System.arraycopy(payload, off, f, head, len);
    return f;
  }
}

package io.pulse.internal.websocket;

import java.nio.ByteBuffer;

/**
 * Incremental RFC 6455 parser for client frames. Bytes arrive in any split (one at a time works); payloads are
 * unmasked straight into the message buffer, so a frame larger than a read reassembles without a second copy and
 * a small frame allocates nothing. Fragments are joined, control frames may interleave, text is UTF-8-checked as
 * it arrives. Single-threaded: one parser per connection, fed from its callback thread.
 */
final class FrameParser {

  /** What the parser found. */
  interface Sink {
    /** A whole data message: {@code opcode} TEXT or BINARY, bytes {@code buf[0, len)} (valid during the call). */
    void message(int opcode, byte[] buf, int len);

    /** A control frame (CLOSE, PING, PONG) with payload {@code buf[0, len)}. */
    void control(int opcode, byte[] buf, int len);

    /** The peer broke the protocol: close with {@code code}. The parser stops. */
    void fail(int code, String reason);
  }

  private static final int SMALL = 256, SHRINK_ABOVE = 64 * 1024;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  private final Sink sink;
  private final int maxMessageSize;
  private final byte[] head = new byte[14];
  private int headLen, headNeed = 2;
  private boolean inPayload, stopped;
  // the current frame
  private int opcode;
  private boolean fin;
  private long remaining;
  private int mask, maskPos;
  // the current message (data frames) and control frame
  private int msgOpcode = -1; // -1: no fragmented message in progress
  private byte[] msg = new byte[SMALL];
  private int msgLen;
  private final byte[] ctl = new byte[125];
  private int ctlLen;
  private final Utf8Validator utf8 = new Utf8Validator();

  FrameParser(Sink sink, int maxMessageSize) {
    this.sink = sink;
    this.maxMessageSize = maxMessageSize;
  }

  /** Stops parsing: later input is ignored (after a close frame). */
  void stop() {
    stopped = true;
  }

  /** Consumes all of {@code in}. */
  void feed(ByteBuffer in) {
    while (in.hasRemaining() && !stopped) {
      if (!inPayload) {
        int n = Math.min(headNeed - headLen, in.remaining());
        in.get(head, headLen, n);
        headLen += n;
        if (headLen == headNeed && headerComplete() && remaining == 0) frameDone();
      } else {
        payload(in);
      }
    }
  }

  /** Called when {@code headNeed} bytes are in; returns true once the whole header is parsed and valid. */
  private boolean headerComplete() {
    if (headNeed == 2) {
      int len7 = head[1] & 0x7F;
      headNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
      if ((head[1] & 0x80) == 0) return fail(1002, "client frame not masked");
      if (headLen < headNeed) return false;
    }
    int b0 = head[0] & 0xFF;
    fin = (b0 & 0x80) != 0;
    opcode = b0 & 0x0F;
    if ((b0 & 0x70) != 0) return fail(1002, "reserved bits set without an extension");
    int len7 = head[1] & 0x7F;
    long len;
    int p = 2;
    if (len7 == 126) {
      len = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
      p = 4;
    } else if (len7 == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) len = (len << 8) | (head[2 + i] & 0xFF);
      p = 10;
      if (len < 0) return fail(1002, "payload length has the top bit set");
    } else {
      len = len7;
    }
    mask = ((head[p] & 0xFF) << 24) | ((head[p + 1] & 0xFF) << 16) | ((head[p + 2] & 0xFF) << 8) | (head[p + 3] & 0xFF);
    maskPos = 0;
    if (opcode >= 8) {
      if (opcode > 10) return fail(1002, "unknown control opcode " + opcode);
      if (!fin) return fail(1002, "fragmented control frame");
      if (len > 125) return fail(1002, "control frame payload of " + len + " bytes (max 125)");
      ctlLen = 0;
    } else if (opcode == Frames.CONTINUATION) {
      if (msgOpcode < 0) return fail(1002, "continuation frame without a message to continue");
    } else if (opcode == Frames.TEXT || opcode == Frames.BINARY) {
      if (msgOpcode >= 0) return fail(1002, "new data frame while a fragmented message is unfinished");
      msgOpcode = opcode;
      msgLen = 0;
      utf8.reset();
    } else {
      return fail(1002, "unknown opcode " + opcode);
    }
    if (opcode < 8 && msgLen + len > maxMessageSize) {
      return fail(1009, "message of at least " + (msgLen + len) + " bytes, limit " + maxMessageSize);
    }
    remaining = len;
    inPayload = len > 0;
    return true;
  }

  private void payload(ByteBuffer in) {
    int n = (int) Math.min(remaining, in.remaining());
    byte[] dst;
    int off;
    if (opcode >= 8) {
      dst = ctl;
      off = ctlLen;
      ctlLen += n;
    } else {
      if (msgLen + n > msg.length) msg = java.util.Arrays.copyOf(msg, Math.max(msgLen + n, Math.min(msg.length * 2, maxMessageSize)));
      dst = msg;
      off = msgLen;
      msgLen += n;
    }
    in.get(dst, off, n);
    unmask(dst, off, n);
    remaining -= n;
    if (opcode < 8 && msgOpcode == Frames.TEXT && !utf8.feed(dst, off, n)) {
      fail(1007, "text message is not valid UTF-8");
      return;
    }
    if (remaining == 0) frameDone();
  }

  /** XORs {@code b[off, off+n)} with the mask, eight bytes at a time (the mask's phase carries across calls). */
  private void unmask(byte[] b, int off, int n) {
    int m = Integer.rotateLeft(mask, 8 * maskPos); // the mask byte due next is now the top byte
    long m64 = ((long) m << 32) | (m & 0xffffffffL);
    int i = off;
    int end = off + n;
    for (; i + 8 <= end; i += 8) LONGS.set(b, i, (long) LONGS.get(b, i) ^ m64);
    for (; i < end; i++) {
      b[i] ^= (byte) (m >>> 24);
      m = Integer.rotateLeft(m, 8);
    }
    maskPos = (maskPos + n) & 3;
  }

  private void frameDone() {
    inPayload = false;
    headLen = 0;
    headNeed = 2;
    if (opcode >= 8) {
      sink.control(opcode, ctl, ctlLen);
      return;
    }
    if (!fin) return;
    if (msgOpcode == Frames.TEXT && !utf8.complete()) {
      fail(1007, "text message ends inside a UTF-8 character");
      return;
    }
    int op = msgOpcode;
    msgOpcode = -1;
    sink.message(op, msg, msgLen);
    msgLen = 0;
    if (msg.length > SHRINK_ABOVE) msg = new byte[SMALL]; // don't keep a big message's buffer per idle connection
  }

  private boolean fail(int code, String reason) {
    stopped = true;
    sink.fail(code, reason);
    return false;
  }
}

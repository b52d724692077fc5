package io.pulse.samples.redis;

import io.pulse.codec.Codec;
import io.pulse.codec.CodecException;
import io.pulse.codec.CorruptedFrameException;
import io.pulse.codec.Decoder;
import io.pulse.codec.FrameTooLongException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * RESP2 requests: arrays of bulk strings ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands
 * ({@code GET k\r\n}), each decoded to its arguments as {@code byte[][]}. A connection decodes through its own
 * {@link #newDecoder() decoder}, which resumes where the previous read stopped: each argument is copied out as it
 * arrives and a partial header is at most a few bytes, so a request costs time linear in its size however it is
 * split (64,000 one-byte arguments in 16-byte reads cost what they cost in one read).
 *
 * <p>Soft limits ({@code softMaxArgs} elements, {@code softMaxArgBytes} a bulk) refuse a request without closing:
 * its bytes are skipped as they arrive, not buffered, and the decoder emits a refusal ({@link #refusal}) in its place
 * once the request has ended. Hard limits close the connection as soon as a header crosses them: more than
 * {@code maxArgs} elements ({@link CorruptedFrameException}), a bulk or announced total over {@code maxCommandBytes},
 * or an inline line over 64 KiB ({@link FrameTooLongException}); so does malformed input.
 */
public final class RespCodec implements Codec<byte[][]> {
  /** Redis's limit on an inline request line (PROTO_INLINE_MAX_SIZE). */
  public static final int MAX_INLINE_BYTES = 64 * 1024;
  private static final int MAX_HEADER_DIGITS = 20;
  private static final byte[] REFUSED = new byte[0]; // first element of a refusal, compared by identity
  private static final int IDLE = 0, ARRAY = 1, BODY = 2, INLINE = 3;

  private final int softMaxArgs;
  private final int softMaxArgBytes;
  private final int maxArgs;
  private final long maxCommandBytes;

  /** Commands of at most {@code maxArgs} elements and {@code maxCommandBytes} encoded bytes; no soft limits. */
  public RespCodec(int maxArgs, long maxCommandBytes) {
    this(maxArgs, Integer.MAX_VALUE, maxArgs, maxCommandBytes);
  }

  /**
   * Requests over {@code softMaxArgs} elements or with a bulk over {@code softMaxArgBytes} are refused (skipped,
   * then a {@link #refusal}); over {@code maxArgs} elements or {@code maxCommandBytes} bytes close the connection.
   */
  public RespCodec(int softMaxArgs, int softMaxArgBytes, int maxArgs, long maxCommandBytes) {
    if (maxArgs <= 0) throw new IllegalArgumentException("maxArgs <= 0: " + maxArgs);
    if (softMaxArgs <= 0) throw new IllegalArgumentException("softMaxArgs <= 0: " + softMaxArgs);
    if (softMaxArgBytes < 0) throw new IllegalArgumentException("softMaxArgBytes < 0: " + softMaxArgBytes);
    if (maxCommandBytes <= 0 || maxCommandBytes > 1 << 30) {
      throw new IllegalArgumentException("maxCommandBytes not in (0, 1 GiB]: " + maxCommandBytes);
    }
    this.softMaxArgs = softMaxArgs;
    this.softMaxArgBytes = softMaxArgBytes;
    this.maxArgs = maxArgs;
    this.maxCommandBytes = maxCommandBytes;
  }

  /** The error reply for a request the decoder refused (a soft limit), or null for an ordinary request. */
  public static String refusal(byte[][] request) {
    return request.length == 2 && request[0] == REFUSED ? new String(request[1], StandardCharsets.UTF_8) : null;
  }

  /**
   * Decodes with no memory of earlier calls: a partial command is left unconsumed and parsed again from its start
   * next time (quadratic for a big command in small pieces); connections use {@link #newDecoder()}.
   */
  @Override
  public void decode(ByteBuffer in, Consumer<? super byte[][]> out) throws CodecException {
    RespDecoder d = new RespDecoder();
    d.decode(in, out);
    if (d.state != IDLE) in.position(d.commandStart);
  }

  /** A decoder for one connection: resumes a partial command where it stopped. */
  @Override
  public Decoder<byte[][]> newDecoder() {
    return new RespDecoder();
  }

  private final class RespDecoder implements Decoder<byte[][]> {
    int state = IDLE;
    int commandStart;  // where the current command began, if it began in this call
    int inlineScanned; // bytes of a partial inline line known to hold no '\n'
    int count, done;   // elements announced, elements read
    byte[][] args;     // null while skipping a refused command
    String refusal;
    long commandBytes; // bytes of the current command so far, as announced
    byte[] arg;        // the bulk being filled (null when skipped)
    int bulkLen, bulkPos; // the bulk's length, and how much of it and its CRLF has arrived

    @Override
    public void decode(ByteBuffer in, Consumer<? super byte[][]> out) throws CodecException {
      final int limit = in.limit();
      int p = in.position();
      while (p < limit) {
        switch (state) {
          case IDLE -> {
            commandStart = p;
            if (in.get(p) != '*') {
              state = INLINE;
              inlineScanned = 0;
              continue;
            }
            int cr = lineEnd(in, p + 1, limit, "multibulk length");
            if (cr < 0) return;
            long n = number(in, p + 1, cr, "multibulk length");
            if (n > maxArgs) {
              throw new CorruptedFrameException("RESP: invalid multibulk length " + n + " (limit " + maxArgs + ")");
            }
            p = cr + 2;
            in.position(p);
            if (n <= 0) continue; // *0 and *-1: nothing to run, as in Redis
            count = (int) n;
            done = 0;
            commandBytes = p - commandStart;
            refusal = null;
            if (count > softMaxArgs) {
              refusal = "ERR too many arguments: " + count + " exceeds the limit of " + softMaxArgs;
              args = null;
            } else {
              args = new byte[count][];
            }
            state = ARRAY;
          }
          case ARRAY -> {
            byte b = in.get(p);
            if (b != '$') throw new CorruptedFrameException("RESP: expected '$', got " + printable(b));
            int cr = lineEnd(in, p + 1, limit, "bulk length");
            if (cr < 0) return;
            long len = number(in, p + 1, cr, "bulk length");
            if (len < 0) throw new CorruptedFrameException("RESP: invalid bulk length " + len);
            long total = commandBytes + (cr + 2 - p) + len + 2;
            if (len > maxCommandBytes || total > maxCommandBytes) {
              throw new FrameTooLongException("RESP", Math.max(len, total), maxCommandBytes);
            }
            commandBytes = total;
            if (refusal == null && len > softMaxArgBytes) {
              refusal = "ERR string exceeds maximum allowed size (" + len + " bytes > limit of " + softMaxArgBytes + ")";
              args = null;
            }
            bulkLen = (int) len;
            bulkPos = 0;
            arg = args == null ? null : new byte[bulkLen];
            p = cr + 2;
            in.position(p);
            state = BODY;
          }
          case BODY -> {
            int k = Math.min(bulkLen - bulkPos, limit - p);
            if (k > 0) {
              if (arg != null) in.get(p, arg, bulkPos, k);
              bulkPos += k;
              p += k;
            }
            for (; bulkPos >= bulkLen && bulkPos < bulkLen + 2 && p < limit; bulkPos++, p++) {
              if (in.get(p) != (bulkPos == bulkLen ? '\r' : '\n')) {
                throw new CorruptedFrameException("RESP: bulk of " + bulkLen + " bytes not followed by CRLF");
              }
            }
            in.position(p);
            if (bulkPos < bulkLen + 2) continue; // p == limit: the rest comes with the next read
            if (args != null) args[done] = arg;
            arg = null;
            if (++done == count) {
              state = IDLE;
              byte[][] request = args != null ? args : new byte[][] {REFUSED, refusal.getBytes(StandardCharsets.UTF_8)};
              args = null;
              out.accept(request);
            } else {
              state = ARRAY;
            }
          }
          default -> { // INLINE
            int next = inline(in, p, limit, out);
            if (next < 0) return;
            state = IDLE;
            p = next;
            in.position(p);
          }
        }
      }
    }

    /** Decodes an inline command (words split by blanks) at {@code p}; -1 if its line has not ended yet. */
    private int inline(ByteBuffer in, int p, int limit, Consumer<? super byte[][]> out) throws CodecException {
      int nl = -1;
      int stop = (int) Math.min(limit, (long) p + MAX_INLINE_BYTES + 2);
      for (int i = p + inlineScanned; i < stop; i++) {
        if (in.get(i) == '\n') {
          nl = i;
          break;
        }
      }
      if (nl < 0) {
        if (limit - p > MAX_INLINE_BYTES + 1) throw new FrameTooLongException("RESP inline", limit - p, MAX_INLINE_BYTES);
        inlineScanned = limit - p;
        return -1;
      }
      inlineScanned = 0;
      int end = nl > p && in.get(nl - 1) == '\r' ? nl - 1 : nl;
      int words = 0;
      for (int i = p; i < end; i++) {
        if (!blank(in.get(i)) && (i == p || blank(in.get(i - 1)))) words++;
      }
      if (words > 0) {
        byte[][] a = new byte[words][];
        int w = 0;
        for (int i = p; i < end; ) {
          while (i < end && blank(in.get(i))) i++;
          int s = i;
          while (i < end && !blank(in.get(i))) i++;
          if (i > s) {
            byte[] word = new byte[i - s];
            in.get(s, word);
            a[w++] = word;
          }
        }
        in.position(nl + 1);
        out.accept(a);
      }
      return nl + 1;
    }
  }

  private static boolean blank(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  /** The index of the CR ending the header line that starts at {@code from}, or -1 if it has not arrived. */
  private static int lineEnd(ByteBuffer in, int from, int limit, String what) throws CodecException {
    int stop = Math.min(limit, from + MAX_HEADER_DIGITS + 1);
    for (int i = from; i < stop; i++) {
      if (in.get(i) == '\r') {
        if (i + 1 >= limit) return -1;
        if (in.get(i + 1) != '\n') throw new CorruptedFrameException("RESP: " + what + " line not ended by CRLF");
        return i;
      }
    }
    if (limit - from > MAX_HEADER_DIGITS) throw new CorruptedFrameException("RESP: invalid " + what + " (too long)");
    return -1;
  }

  /** The decimal number in {@code [from, to)}: an optional '-' and at least one digit. */
  private static long number(ByteBuffer in, int from, int to, String what) throws CodecException {
    boolean neg = from < to && in.get(from) == '-';
    int i = neg ? from + 1 : from;
    if (i == to || to - i > 18) throw new CorruptedFrameException("RESP: invalid " + what);
    long v = 0;
    for (; i < to; i++) {
      int d = in.get(i) - '0';
      if (d < 0 || d > 9) throw new CorruptedFrameException("RESP: invalid " + what + " (not a number)");
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }

  private static String printable(byte b) {
    return b >= 32 && b < 127 ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
  }

  /** Encodes {@code args} as a RESP array of bulk strings: the request a client sends. */
  @Override
  public ByteBuffer encode(byte[][] args) {
    int size = 16;
    for (byte[] a : args) size += a.length + 16;
    ByteBuffer b = ByteBuffer.allocate(size);
    header(b, '*', args.length);
    for (byte[] a : args) {
      header(b, '$', a.length);
      b.put(a).put((byte) '\r').put((byte) '\n');
    }
    return b.flip();
  }

  private static void header(ByteBuffer b, char type, int n) {
    b.put((byte) type).put(Integer.toString(n).getBytes(StandardCharsets.US_ASCII)).put((byte) '\r').put((byte) '\n');
  }
}

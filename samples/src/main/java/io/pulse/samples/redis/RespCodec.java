package io.pulse.samples.redis;

import io.pulse.codec.Codec;
import io.pulse.codec.CodecException;
import io.pulse.codec.CorruptedFrameException;
import io.pulse.codec.FrameTooLongException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * RESP2 requests: arrays of bulk strings ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands
 * ({@code GET k\r\n}), each decoded to its arguments as {@code byte[][]}. Stateless, so one instance serves every
 * connection: a partial command is left unconsumed and parsed again when more bytes arrive; a re-parse walks the
 * headers only (bulk bodies are skipped by length), so input fed one byte at a time costs no per-byte allocation.
 *
 * <p>Hard limits guard memory: a command with more than {@code maxArgs} elements, a bulk or whole command over
 * {@code maxCommandBytes}, or an inline line over 64 KiB closes the connection ({@link FrameTooLongException} or
 * {@link CorruptedFrameException}); so does malformed input. Softer, per-command limits belong to the server.
 *
 * <p>The price of statelessness: each call re-walks the headers of a partial array, so an array of n elements
 * arriving in k reads costs O(n·k) header parses (65,536 elements in 16 KiB reads: ~0.1 s). Keep
 * {@code maxArgs} modest; a parser with per-connection state would be linear.
 */
public final class RespCodec implements Codec<byte[][]> {
  /** Redis's limit on an inline request line (PROTO_INLINE_MAX_SIZE). */
  public static final int MAX_INLINE_BYTES = 64 * 1024;
  private static final int MAX_HEADER_DIGITS = 20;

  private final int maxArgs;
  private final long maxCommandBytes;

  /** Commands of at most {@code maxArgs} elements and {@code maxCommandBytes} encoded bytes. */
  public RespCodec(int maxArgs, long maxCommandBytes) {
    if (maxArgs <= 0) throw new IllegalArgumentException("maxArgs <= 0: " + maxArgs);
    if (maxCommandBytes <= 0 || maxCommandBytes > 1 << 30) {
      throw new IllegalArgumentException("maxCommandBytes not in (0, 1 GiB]: " + maxCommandBytes);
    }
    this.maxArgs = maxArgs;
    this.maxCommandBytes = maxCommandBytes;
  }

  @Override
  public void decode(ByteBuffer in, Consumer<? super byte[][]> out) throws CodecException {
    final int limit = in.limit();
    int p = in.position();
    while (p < limit) {
      int next = in.get(p) == '*' ? multibulk(in, p, limit, out) : inline(in, p, limit, out);
      if (next < 0) return; // partial command: wait for more bytes
      p = next;
      in.position(p);
    }
  }

  /** Decodes the array at {@code p}; returns the position after it, or -1 if it is not all here yet. */
  private int multibulk(ByteBuffer in, int p, int limit, Consumer<? super byte[][]> out) throws CodecException {
    int cr = lineEnd(in, p + 1, limit, "multibulk length");
    if (cr < 0) return -1;
    long count = number(in, p + 1, cr, "multibulk length");
    int q = cr + 2;
    if (count <= 0) return q; // *0 and *-1: nothing to run, as in Redis
    if (count > maxArgs) {
      throw new CorruptedFrameException("RESP: invalid multibulk length " + count + " (limit " + maxArgs + ")");
    }
    int n = (int) count;
    for (int i = 0; i < n; i++) { // pass 1: is the whole command here? (headers only)
      if (q >= limit) return -1;
      q = bulkEnd(in, q, limit, (long) q - p);
      if (q < 0) return -1;
    }
    byte[][] args = new byte[n][];
    int r = cr + 2;
    for (int i = 0; i < n; i++) { // pass 2: copy the arguments out
      int hcr = lineEnd(in, r + 1, limit, "bulk length");
      int len = (int) number(in, r + 1, hcr, "bulk length");
      byte[] a = new byte[len];
      in.get(hcr + 2, a);
      args[i] = a;
      r = hcr + 2 + len + 2;
    }
    out.accept(args);
    return q;
  }

  /** The position after the bulk string at {@code q}, or -1 if incomplete; {@code sofar} bytes precede it. */
  private int bulkEnd(ByteBuffer in, int q, int limit, long sofar) throws CodecException {
    byte b = in.get(q);
    if (b != '$') throw new CorruptedFrameException("RESP: expected '$', got " + printable(b));
    int cr = lineEnd(in, q + 1, limit, "bulk length");
    if (cr < 0) return -1;
    long len = number(in, q + 1, cr, "bulk length");
    if (len < 0) throw new CorruptedFrameException("RESP: invalid bulk length " + len);
    long total = sofar + (cr + 2 - q) + len + 2;
    if (len > maxCommandBytes || total > maxCommandBytes) {
      throw new FrameTooLongException("RESP", Math.max(len, total), maxCommandBytes);
    }
    long end = (long) cr + 2 + len;
    if (end + 2 > limit) return -1;
    int e = (int) end;
    if (in.get(e) != '\r' || in.get(e + 1) != '\n') {
      throw new CorruptedFrameException("RESP: bulk of " + len + " bytes not followed by CRLF");
    }
    return e + 2;
  }

  /** Decodes an inline command (words split by blanks) at {@code p}; -1 if its line has not ended yet. */
  private static int inline(ByteBuffer in, int p, int limit, Consumer<? super byte[][]> out) throws CodecException {
    int nl = -1;
    int stop = (int) Math.min(limit, (long) p + MAX_INLINE_BYTES + 2);
    for (int i = p; i < stop; i++) {
      if (in.get(i) == '\n') {
        nl = i;
        break;
      }
    }
    if (nl < 0) {
      if (limit - p > MAX_INLINE_BYTES + 1) throw new FrameTooLongException("RESP inline", limit - p, MAX_INLINE_BYTES);
      return -1;
    }
    int end = nl > p && in.get(nl - 1) == '\r' ? nl - 1 : nl;
    int words = 0;
    for (int i = p; i < end; i++) {
      if (!blank(in.get(i)) && (i == p || blank(in.get(i - 1)))) words++;
    }
    if (words > 0) {
      byte[][] args = new byte[words][];
      int w = 0;
      for (int i = p; i < end; ) {
        while (i < end && blank(in.get(i))) i++;
        int s = i;
        while (i < end && !blank(in.get(i))) i++;
        if (i > s) {
          byte[] a = new byte[i - s];
          in.get(s, a);
          args[w++] = a;
        }
      }
      out.accept(args);
    }
    return nl + 1;
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

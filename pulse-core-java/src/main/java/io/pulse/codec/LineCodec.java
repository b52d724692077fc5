package io.pulse.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Text lines ended by {@code \n} (a preceding {@code \r} is dropped too), as UTF-8 strings without the ending.
 * A line longer than {@code maxLength} bytes is an error as soon as that many bytes arrive without an ending.
 * A partial line is scanned again on each read, so a line costs O(length² / read size): keep {@code maxLength} to
 * what a line really needs (kilobytes, not megabytes); use a length-prefixed codec for large messages.
 */
public final class LineCodec implements Codec<String> {
  private final int maxLength;

  /** Lines of at most {@code maxLength} bytes, ending excluded. */
  public LineCodec(int maxLength) {
    if (maxLength <= 0) throw new IllegalArgumentException("maxLength <= 0: " + maxLength);
    this.maxLength = maxLength;
  }

  @Override
  public void decode(ByteBuffer in, Consumer<? super String> out) throws CodecException {
    int start = in.position();
    int limit = in.limit();
    for (int i = start; i < limit; i++) {
      if (in.get(i) != '\n') continue;
      int end = i > start && in.get(i - 1) == '\r' ? i - 1 : i;
      if (end - start > maxLength) throw new FrameTooLongException("line", end - start, maxLength);
      byte[] line = new byte[end - start];
      in.get(start, line);
      out.accept(new String(line, StandardCharsets.UTF_8));
      start = i + 1;
      in.position(start);
    }
    // Room for a trailing '\r' before the '\n' that has not arrived yet.
    if (limit - start > maxLength + 1) throw new FrameTooLongException("line", limit - start, maxLength);
  }

  @Override
  public ByteBuffer encode(String msg) {
    byte[] b = (msg + "\n").getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.wrap(b);
  }
}

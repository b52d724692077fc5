package io.pulse.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Text lines ended by {@code \n} (a preceding {@code \r} is dropped too), as UTF-8 strings without the ending.
 * A line longer than {@code maxLength} bytes is an error as soon as that many bytes arrive without an ending.
 * A connection's {@link #newDecoder() decoder} remembers how far it scanned a partial line, so a line costs time
 * linear in its length however it is split.
 */
public final class LineCodec implements Codec<String> {
  private final int maxLength;

  /** Lines of at most {@code maxLength} bytes, ending excluded. */
  public LineCodec(int maxLength) {
    if (maxLength <= 0) throw new IllegalArgumentException("maxLength <= 0: " + maxLength);
    this.maxLength = maxLength;
  }

  /** Decodes with no memory of earlier calls (a partial line is scanned again); connections use {@link #newDecoder}. */
  @Override
  public void decode(ByteBuffer in, Consumer<? super String> out) throws CodecException {
    new LineDecoder().decode(in, out);
  }

  /** A decoder that resumes its search for {@code \n} where the previous call stopped. */
  @Override
  public Decoder<String> newDecoder() {
    return new LineDecoder();
  }

  @Override
  public ByteBuffer encode(String msg) {
    byte[] b = (msg + "\n").getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.wrap(b);
  }

  private final class LineDecoder implements Decoder<String> {
    private int scanned; // bytes after the position already known to hold no '\n'

    @Override
    public void decode(ByteBuffer in, Consumer<? super String> out) throws CodecException {
      int start = in.position();
      int limit = in.limit();
      for (int i = start + scanned; i < limit; i++) {
        if (in.get(i) != '\n') continue;
        int end = i > start && in.get(i - 1) == '\r' ? i - 1 : i;
        if (end - start > maxLength) throw new FrameTooLongException("line", end - start, maxLength);
        byte[] line = new byte[end - start];
        in.get(start, line);
        start = i + 1;
        in.position(start);
        scanned = 0;
        out.accept(new String(line, StandardCharsets.UTF_8));
      }
      scanned = limit - start;
      // Room for a trailing '\r' before the '\n' that has not arrived yet.
      if (limit - start > maxLength + 1) throw new FrameTooLongException("line", limit - start, maxLength);
    }
  }
}

package io.pulse.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * antlabs/pulse's TLV framing (its {@code example/tlv}): a 2-byte big-endian type, a 4-byte big-endian unsigned
 * value length, then the value. A length above the limit (1 MiB by default, as in pulse) closes the connection
 * with {@link FrameTooLongException} before anything is buffered.
 */
public final class TlvCodec implements Codec<Tlv> {
  /** pulse's limit: values of at most 1 MiB. */
  public static final int DEFAULT_MAX_VALUE_LENGTH = 1 << 20;
  private static final int HEADER = 6;
  private final int maxValueLength;

  /** Values of at most {@link #DEFAULT_MAX_VALUE_LENGTH} (1 MiB) bytes. */
  public TlvCodec() {
    this(DEFAULT_MAX_VALUE_LENGTH);
  }

  /** Values of at most {@code maxValueLength} bytes (at most {@code Integer.MAX_VALUE - 6}). */
  public TlvCodec(int maxValueLength) {
    if (maxValueLength < 0 || maxValueLength > Integer.MAX_VALUE - HEADER) {
      throw new IllegalArgumentException("maxValueLength not in 0.." + (Integer.MAX_VALUE - HEADER) + ": "
          + maxValueLength);
    }
    this.maxValueLength = maxValueLength;
  }

  @Override
  public void decode(ByteBuffer in, Consumer<? super Tlv> out) throws CodecException {
    while (in.remaining() >= HEADER) {
      int start = in.position();
      int type = (int) Fields.read(in, start, 2, ByteOrder.BIG_ENDIAN);
      long length = Fields.read(in, start + 2, 4, ByteOrder.BIG_ENDIAN); // unsigned: never negative
      if (length > maxValueLength) throw new FrameTooLongException("tlv (type " + type + ")", length, maxValueLength);
      if (in.remaining() < HEADER + length) return;
      byte[] value = new byte[(int) length];
      in.get(start + HEADER, value);
      in.position(start + HEADER + (int) length);
      out.accept(new Tlv(type, value));
    }
  }

  @Override
  public ByteBuffer encode(Tlv msg) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + msg.value().length); // big-endian, as a new buffer is
    b.putShort((short) msg.type()).putInt(msg.value().length).put(msg.value());
    return b.flip();
  }
}

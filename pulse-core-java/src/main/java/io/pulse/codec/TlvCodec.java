package io.pulse.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** pulse's TLV framing: a 1-byte type, a 4-byte big-endian value length, then the value. */
public final class TlvCodec implements Codec<Tlv> {
  private static final int HEADER = 5;
  private final int maxValueLength;

  /** Values of at most {@code maxValueLength} bytes. */
  public TlvCodec(int maxValueLength) {
    if (maxValueLength < 0) throw new IllegalArgumentException("maxValueLength < 0: " + maxValueLength);
    this.maxValueLength = maxValueLength;
  }

  @Override
  public void decode(ByteBuffer in, Consumer<? super Tlv> out) throws CodecException {
    while (in.remaining() >= HEADER) {
      int start = in.position();
      int type = in.get(start) & 0xff;
      int length = in.getInt(start + 1);
      if (length < 0) throw new CorruptedFrameException("tlv: negative length " + length + " (type " + type + ")");
      if (length > maxValueLength) throw new FrameTooLongException("tlv", length, maxValueLength);
      if (in.remaining() < HEADER + length) return;
      byte[] value = new byte[length];
      in.get(start + HEADER, value);
      in.position(start + HEADER + length);
      out.accept(new Tlv(type, value));
    }
  }

  @Override
  public ByteBuffer encode(Tlv msg) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + msg.value().length);
    b.put((byte) msg.type()).putInt(msg.value().length).put(msg.value());
    return b.flip();
  }
}

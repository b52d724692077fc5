package io.pulse.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Frames whose length is a field in the header, like Netty's LengthFieldBasedFrameDecoder: the field sits at
 * {@code lengthFieldOffset}, is 1, 2, 4 or 8 bytes in {@code byteOrder}, and {@code lengthAdjustment} is added to
 * it to get the bytes that follow the field. Each message is a copy of the frame minus its first
 * {@code initialBytesToStrip} bytes. {@link #encode} prepends a field at offset 0 (the usual case).
 */
public final class LengthFieldCodec implements Codec<ByteBuffer> {
  private final int maxFrameLength;
  private final int lengthFieldOffset;
  private final int lengthFieldLength;
  private final int lengthAdjustment;
  private final int initialBytesToStrip;
  private final ByteOrder byteOrder;

  /** A codec with a {@code lengthFieldLength}-byte big-endian length at offset 0 counting what follows it. */
  public LengthFieldCodec(int maxFrameLength, int lengthFieldLength) {
    this(maxFrameLength, 0, lengthFieldLength, 0, lengthFieldLength, ByteOrder.BIG_ENDIAN);
  }

  /** The general form; see the class comment. */
  public LengthFieldCodec(int maxFrameLength, int lengthFieldOffset, int lengthFieldLength, int lengthAdjustment,
      int initialBytesToStrip, ByteOrder byteOrder) {
    if (maxFrameLength <= 0) throw new IllegalArgumentException("maxFrameLength <= 0: " + maxFrameLength);
    if (lengthFieldOffset < 0) throw new IllegalArgumentException("lengthFieldOffset < 0: " + lengthFieldOffset);
    if (lengthFieldLength != 1 && lengthFieldLength != 2 && lengthFieldLength != 4 && lengthFieldLength != 8) {
      throw new IllegalArgumentException("lengthFieldLength must be 1, 2, 4 or 8: " + lengthFieldLength);
    }
    if (initialBytesToStrip < 0) throw new IllegalArgumentException("initialBytesToStrip < 0: " + initialBytesToStrip);
    this.maxFrameLength = maxFrameLength;
    this.lengthFieldOffset = lengthFieldOffset;
    this.lengthFieldLength = lengthFieldLength;
    this.lengthAdjustment = lengthAdjustment;
    this.initialBytesToStrip = initialBytesToStrip;
    this.byteOrder = byteOrder;
  }

  @Override
  public void decode(ByteBuffer in, Consumer<? super ByteBuffer> out) throws CodecException {
    int header = lengthFieldOffset + lengthFieldLength;
    while (in.remaining() >= header) {
      int start = in.position();
      long field = Fields.read(in, start + lengthFieldOffset, lengthFieldLength, byteOrder);
      if (field < 0) throw new CorruptedFrameException("length field: negative length " + field);
      long frame = field + lengthAdjustment + header;
      if (frame < header) {
        throw new CorruptedFrameException("length field: length " + field + " with adjustment " + lengthAdjustment
            + " is shorter than the header (" + header + " bytes)");
      }
      if (frame > maxFrameLength) throw new FrameTooLongException("length field", frame, maxFrameLength);
      if (frame < initialBytesToStrip) {
        throw new CorruptedFrameException("length field: frame of " + frame + " bytes is shorter than the "
            + initialBytesToStrip + " bytes to strip");
      }
      if (in.remaining() < frame) return;
      byte[] body = new byte[(int) frame - initialBytesToStrip];
      in.get(start + initialBytesToStrip, body);
      in.position(start + (int) frame);
      out.accept(ByteBuffer.wrap(body));
    }
  }

  @Override
  public ByteBuffer encode(ByteBuffer msg) {
    if (lengthFieldOffset != 0 || initialBytesToStrip != lengthFieldLength) {
      throw new UnsupportedOperationException("encode needs lengthFieldOffset 0 and initialBytesToStrip equal to "
          + "lengthFieldLength");
    }
    long field = (long) msg.remaining() - lengthAdjustment;
    long max = lengthFieldLength == 8 ? Long.MAX_VALUE : (1L << (8 * lengthFieldLength)) - 1;
    if (field < 0 || field > max) {
      throw new IllegalArgumentException("message of " + msg.remaining() + " bytes does not fit a "
          + lengthFieldLength + "-byte length field");
    }
    ByteBuffer b = ByteBuffer.allocate(lengthFieldLength + msg.remaining()).order(byteOrder);
    Fields.write(b, lengthFieldLength, field);
    b.put(msg.duplicate());
    return b.flip();
  }
}

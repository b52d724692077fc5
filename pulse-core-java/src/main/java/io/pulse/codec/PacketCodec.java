package io.pulse.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * netman's {@code DataPacker} framing: an 8-byte little-endian header (4-byte unsigned body length, then 4-byte
 * message id), then the body. A body longer than the limit closes the connection with
 * {@link FrameTooLongException} before anything is buffered. Unlike netman, where a limit of 0 means "none", no
 * limit is asked for explicitly with {@link #unlimited()}.
 */
public final class PacketCodec implements Codec<Packet> {
  private static final int HEADER = 8;
  /** The longest body a Java array holds after the header. */
  private static final int LARGEST = Integer.MAX_VALUE - HEADER;
  private final int maxBodyLength;

  /**
   * Bodies of at most {@code maxBodyLength} bytes (1 or more: netman's 0 for "no limit" would silently refuse every
   * non-empty body here, so it is rejected; use {@link #unlimited()}).
   */
  public PacketCodec(int maxBodyLength) {
    if (maxBodyLength <= 0 || maxBodyLength > LARGEST) {
      throw new IllegalArgumentException("maxBodyLength not in 1.." + LARGEST + ": " + maxBodyLength
          + (maxBodyLength == 0 ? " (for no limit, as netman's 0 means, use PacketCodec.unlimited())" : ""));
    }
    this.maxBodyLength = maxBodyLength;
  }

  /** A codec with no limit of its own: bodies up to the largest Java array (about 2 GiB). Trusted peers only. */
  public static PacketCodec unlimited() {
    return new PacketCodec(LARGEST);
  }

  /** The largest body accepted. */
  public int maxBodyLength() {
    return maxBodyLength;
  }

  @Override
  public void decode(ByteBuffer in, Consumer<? super Packet> out) throws CodecException {
    while (in.remaining() >= HEADER) {
      int start = in.position();
      long length = Fields.read(in, start, 4, ByteOrder.LITTLE_ENDIAN); // unsigned: never negative
      int id = (int) Fields.read(in, start + 4, 4, ByteOrder.LITTLE_ENDIAN);
      if (length > maxBodyLength) {
        throw new FrameTooLongException("packet (id " + Integer.toUnsignedString(id) + ")", length, maxBodyLength);
      }
      if (in.remaining() < HEADER + length) return;
      byte[] body = new byte[(int) length];
      in.get(start + HEADER, body);
      in.position(start + HEADER + (int) length);
      out.accept(new Packet(id, body));
    }
  }

  @Override
  public ByteBuffer encode(Packet msg) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + msg.body().length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(msg.body().length).putInt(msg.id()).put(msg.body());
    return b.flip().order(ByteOrder.BIG_ENDIAN);
  }
}

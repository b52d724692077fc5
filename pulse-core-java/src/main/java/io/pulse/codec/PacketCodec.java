package io.pulse.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** netman's packer: an 8-byte header (4-byte message id, 4-byte body length, big-endian), then the body. */
public final class PacketCodec implements Codec<Packet> {
  private static final int HEADER = 8;
  private final int maxBodyLength;

  /** Bodies of at most {@code maxBodyLength} bytes. */
  public PacketCodec(int maxBodyLength) {
    if (maxBodyLength < 0) throw new IllegalArgumentException("maxBodyLength < 0: " + maxBodyLength);
    this.maxBodyLength = maxBodyLength;
  }

  @Override
  public void decode(ByteBuffer in, Consumer<? super Packet> out) throws CodecException {
    while (in.remaining() >= HEADER) {
      int start = in.position();
      int id = in.getInt(start);
      int length = in.getInt(start + 4);
      if (length < 0) throw new CorruptedFrameException("packet: negative body length " + length + " (id " + id + ")");
      if (length > maxBodyLength) throw new FrameTooLongException("packet", length, maxBodyLength);
      if (in.remaining() < HEADER + length) return;
      byte[] body = new byte[length];
      in.get(start + HEADER, body);
      in.position(start + HEADER + length);
      out.accept(new Packet(id, body));
    }
  }

  @Override
  public ByteBuffer encode(Packet msg) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + msg.body().length);
    b.putInt(msg.id()).putInt(msg.body().length).put(msg.body());
    return b.flip();
  }
}

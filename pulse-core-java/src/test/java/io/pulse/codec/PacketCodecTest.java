package io.pulse.codec;

import java.nio.ByteBuffer;
import java.util.Random;

class PacketCodecTest extends CodecContract<Packet> {
  private final PacketCodec codec = new PacketCodec(1000);

  @Override Codec<Packet> codec() { return codec; }

  @Override
  Packet randomMessage(Random r) {
    byte[] v = new byte[r.nextInt(200)];
    r.nextBytes(v);
    return new Packet(r.nextInt(), v);
  }

  @Override byte[] oversizedFrameHeader() { return ByteBuffer.allocate(8).putInt(3).putInt(5000).array(); }

  @Override byte[] malformedFrame() { return ByteBuffer.allocate(8).putInt(3).putInt(-1).array(); }
}

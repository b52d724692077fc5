package io.pulse.codec;

import java.nio.ByteBuffer;
import java.util.Random;

class TlvCodecTest extends CodecContract<Tlv> {
  private final TlvCodec codec = new TlvCodec(1000);

  @Override Codec<Tlv> codec() { return codec; }

  @Override
  Tlv randomMessage(Random r) {
    byte[] v = new byte[r.nextInt(200)];
    r.nextBytes(v);
    return new Tlv(r.nextInt(256), v);
  }

  @Override byte[] oversizedFrameHeader() { return ByteBuffer.allocate(5).put((byte) 1).putInt(1001).array(); }

  @Override byte[] malformedFrame() { return ByteBuffer.allocate(5).put((byte) 1).putInt(-7).array(); }
}

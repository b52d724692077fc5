package io.pulse.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthFieldCodecTest extends CodecContract<ByteBuffer> {
  private final LengthFieldCodec codec = new LengthFieldCodec(4096, 2);

  @Override Codec<ByteBuffer> codec() { return codec; }

  @Override
  ByteBuffer randomMessage(Random r) {
    byte[] b = new byte[r.nextInt(300)];
    r.nextBytes(b);
    return ByteBuffer.wrap(b);
  }

  @Override byte[] oversizedFrameHeader() { return new byte[] {(byte) 0xff, (byte) 0xff}; }

  @Override byte[] malformedFrame() { return null; } // an unsigned 2-byte length is never negative

  @Test
  void decodesANettyStyleHeaderWithOffsetAdjustmentAndStrip() throws CodecException {
    // 1-byte magic, 4-byte little-endian length counting the whole frame, body; keep the magic, strip the length.
    LengthFieldCodec c = new LengthFieldCodec(1024, 1, 4, -5, 0, ByteOrder.LITTLE_ENDIAN);
    ByteBuffer frame = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    frame.put((byte) 0x7e).putInt(8).put(new byte[] {1, 2, 3}).flip();
    List<ByteBuffer> out = new ArrayList<>();
    c.decode(frame, out::add);
    assertEquals(1, out.size());
    assertEquals(8, out.get(0).remaining());
    assertEquals(0x7e, out.get(0).get(0));
  }

  @Test
  void eightByteSignedLengthBelowZeroIsCorrupted() {
    LengthFieldCodec c = new LengthFieldCodec(1024, 8);
    ByteBuffer b = ByteBuffer.allocate(8).putLong(-1).flip();
    org.junit.jupiter.api.Assertions.assertThrows(CorruptedFrameException.class, () -> c.decode(b, m -> { }));
  }
}

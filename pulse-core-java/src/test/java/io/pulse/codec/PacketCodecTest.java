package io.pulse.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** netman's DataPacker layout: [body length: u32 LE][message id: u32 LE][body]. */
class PacketCodecTest extends CodecContract<Packet> {
  private final PacketCodec codec = new PacketCodec(1000);

  @Override Codec<Packet> codec() { return codec; }

  @Override
  Packet randomMessage(Random r) {
    byte[] v = new byte[r.nextInt(200)];
    r.nextBytes(v);
    return new Packet(r.nextInt(), v);
  }

  @Override byte[] oversizedFrameHeader() { return new byte[] {(byte) 0x88, 0x13, 0, 0, 3, 0, 0, 0}; } // 5000

  @Override byte[] malformedFrame() { return null; } // every header is a valid u32 length and id

  @Test
  void encodesTheLengthThenTheIdLittleEndianBeforeTheBody() {
    ByteBuffer b = codec.encode(new Packet(0x01020304, new byte[] {'h', 'i', '!'}));
    byte[] wire = new byte[b.remaining()];
    b.get(wire);
    assertArrayEquals(new byte[] {3, 0, 0, 0, 0x04, 0x03, 0x02, 0x01, 'h', 'i', '!'}, wire);
  }

  @Test
  void decodesWhatNetmansPackWrites() throws Exception {
    // netman Pack(msgID=7, "ok"): 02 00 00 00 | 07 00 00 00 | 'o' 'k'; an id with the top bit set stays unsigned
    byte[] wire = {2, 0, 0, 0, 7, 0, 0, 0, 'o', 'k', 0, 0, 0, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    List<Packet> out = new ArrayList<>();
    codec.decode(ByteBuffer.wrap(wire), out::add);
    assertEquals(List.of(new Packet(7, new byte[] {'o', 'k'}), new Packet(0xfffffffe, new byte[0])), out);
    assertEquals(4294967294L, Integer.toUnsignedLong(out.get(1).id()));
  }

  @Test
  void zeroIsNotASilentUnlimitedAndUnlimitedIsExplicit() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PacketCodec(0));
    assertTrue(e.getMessage().contains("unlimited()"), e.getMessage());
    PacketCodec any = PacketCodec.unlimited();
    List<Packet> out = new ArrayList<>();
    any.decode(ByteBuffer.wrap(new byte[] {0, 0, 0, 0x40, 1, 0, 0, 0}), out::add); // 1 GiB announced: waits
    assertEquals(0, out.size());
    assertThrows(FrameTooLongException.class,
        () -> any.decode(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 0, 0, 0}),
            out::add));
  }
}

package io.pulse.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** antlabs/pulse's TLV layout: [type: u16 BE][length: u32 BE][value]. */
class TlvCodecTest extends CodecContract<Tlv> {
  private final TlvCodec codec = new TlvCodec(1000);

  @Override Codec<Tlv> codec() { return codec; }

  @Override
  Tlv randomMessage(Random r) {
    byte[] v = new byte[r.nextInt(200)];
    r.nextBytes(v);
    return new Tlv(r.nextInt(65536), v);
  }

  @Override byte[] oversizedFrameHeader() { return new byte[] {0, 1, 0, 0, 0x03, (byte) 0xe9}; } // 1001

  @Override byte[] malformedFrame() { return null; } // every header is a valid u16 type and u32 length

  @Test
  void encodesTheTypeAndLengthBigEndianBeforeTheValue() {
    ByteBuffer b = codec.encode(new Tlv(0x0102, "Pong".getBytes(StandardCharsets.US_ASCII)));
    byte[] wire = new byte[b.remaining()];
    b.get(wire);
    assertArrayEquals(new byte[] {0x01, 0x02, 0, 0, 0, 4, 'P', 'o', 'n', 'g'}, wire);
  }

  @Test
  void decodesWhatPulsesEncodeTlvWrites() throws Exception {
    // type 999 (0x03e7), length 20: the bytes pulse's example server sends for an unknown type
    byte[] value = "Unknown message type".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer in = ByteBuffer.allocate(6 + value.length).put(new byte[] {0x03, (byte) 0xe7, 0, 0, 0, 20}).put(value)
        .flip();
    List<Tlv> out = new ArrayList<>();
    codec.decode(in, out::add);
    assertEquals(List.of(new Tlv(999, value)), out);
    assertEquals(0, in.remaining());
  }

  @Test
  void defaultLimitIsOneMebibyteAsInPulse() throws Exception {
    TlvCodec d = new TlvCodec();
    List<Tlv> out = new ArrayList<>();
    d.decode(ByteBuffer.wrap(new byte[] {0, 1, 0, 0x10, 0, 0}), out::add); // exactly 1 MiB announced: waits
    assertEquals(0, out.size());
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> d.decode(ByteBuffer.wrap(new byte[] {0, 1, 0, 0x10, 0, 1}), out::add));
    assertEquals((1 << 20) + 1, e.length());
  }

  @Test
  void aLengthWithTheTopBitSetIsTooLongNotNegative() {
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> codec.decode(ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf9}),
            m -> { }));
    assertEquals(0xffff_fff9L, e.length());
  }

  @Test
  void typesOutsideSixteenBitsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Tlv(65536, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new Tlv(-1, new byte[0]));
  }
}

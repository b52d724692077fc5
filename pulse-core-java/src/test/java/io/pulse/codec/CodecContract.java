package io.pulse.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every codec promises, run against each built-in one: round trips, the same messages however the stream is
 * split, and only its own exceptions on garbage.
 */
abstract class CodecContract<T> {
  final Random random = new Random(42);

  abstract Codec<T> codec();

  abstract T randomMessage(Random r);

  /** Bytes of one frame that is too long for {@link #codec()}'s limit. */
  abstract byte[] oversizedFrameHeader();

  /** Bytes of one malformed frame, or null if the codec has no malformed form. */
  abstract byte[] malformedFrame();

  /** Decodes {@code stream} delivered in pieces of the given sizes, the way a connection buffers it. */
  List<T> decodeInPieces(byte[] stream, int[] pieces) throws CodecException {
    List<T> out = new ArrayList<>();
    ByteBuffer pending = ByteBuffer.allocate(stream.length + 16);
    int off = 0;
    for (int p : pieces) {
      pending.put(stream, off, p);
      off += p;
      pending.flip();
      codec().decode(pending, out::add);
      pending.compact();
    }
    assertEquals(0, pending.position(), "bytes left over after the whole stream");
    return out;
  }

  byte[] encodeAll(List<T> msgs) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (T m : msgs) {
      ByteBuffer e = codec().encode(m);
      byte[] a = new byte[e.remaining()];
      e.get(a);
      b.writeBytes(a);
    }
    return b.toByteArray();
  }

  @Test
  void roundTripsRandomMessagesWholeByteByByteAndRandomlySplit() throws CodecException {
    List<T> msgs = new ArrayList<>();
    for (int i = 0; i < 200; i++) msgs.add(randomMessage(random));
    byte[] stream = encodeAll(msgs);
    assertEquals(msgs, decodeInPieces(stream, new int[] {stream.length}));
    int[] ones = new int[stream.length];
    java.util.Arrays.fill(ones, 1);
    assertEquals(msgs, decodeInPieces(stream, ones));
    for (int round = 0; round < 20; round++) {
      List<Integer> cuts = new ArrayList<>();
      int left = stream.length;
      while (left > 0) {
        int p = Math.min(left, 1 + random.nextInt(300));
        cuts.add(p);
        left -= p;
      }
      assertEquals(msgs, decodeInPieces(stream, cuts.stream().mapToInt(Integer::intValue).toArray()));
    }
  }

  @Test
  void oversizedFrameFailsBeforeItArrives() {
    byte[] header = oversizedFrameHeader();
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> codec().decode(ByteBuffer.wrap(header), m -> { }));
    assertEquals(true, e.length() > e.limit(), e.getMessage());
  }

  @Test
  void malformedFrameIsACorruptedFrameException() {
    byte[] bad = malformedFrame();
    if (bad == null) return;
    assertThrows(CorruptedFrameException.class, () -> codec().decode(ByteBuffer.wrap(bad), m -> { }));
  }

  @Test
  void garbageThrowsNothingButCodecErrors() {
    for (int i = 0; i < 10_000; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      ByteBuffer in = ByteBuffer.wrap(junk);
      try {
        codec().decode(in, m -> { });
      } catch (CodecException expected) {
        // the codec's own error: fine
      }
    }
  }
}

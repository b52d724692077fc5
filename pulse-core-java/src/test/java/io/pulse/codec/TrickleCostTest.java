package io.pulse.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.internal.server.FramerStream;
import io.pulse.testing.TrickleCost;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every built-in codec decodes a near-limit frame arriving in 16-byte reads in time linear in its size, through a
 * connection's real framer: a frame 16 times larger in the same 16-byte pieces costs at most 5 x 16 times as much (a
 * parser rescanning its partial frame would cost about 16 x 16 times). Both sizes are measured alternately, twice,
 * best kept, so that a loaded stretch slows both. Two measurements in the same conditions: a
 * ratio against the frame read whole (logged by TrickleCost) swings with a loaded JVM's fixed per-read costs.
 */
class TrickleCostTest {
  private static final Logger log = LoggerFactory.getLogger(TrickleCostTest.class);
  static final int PIECE = 16, ROUNDS = 11, TIMES = 2;

  @Test
  void aNearLimitLineInSixteenByteReadsCostsLinearlyInItsLength() throws Exception {
    int max = 64 * 1024, small = max / 16;
    LineCodec codec = new LineCodec(max);
    TrickleCost.Result[] bs = TrickleCost.alternating(() -> new FramerStream(codec.newDecoder()), line(max), line(small),
        1, PIECE, ROUNDS, TIMES);
    TrickleCost.Result b = bs[0], s = bs[1];
    double scale = (double) b.piecesNanos() / Math.max(1, s.piecesNanos()) / ((double) (max + 1) / (small + 1));
    log.info("LineCodec, {}-byte line: {}; {}-byte line: {}; pieces cost per byte, big over small: {}", max, b, small,
        s, String.format("%.2f", scale));
    assertTrue(scale <= 5, "LineCodec: a line 16x longer in " + PIECE + "-byte pieces cost " + scale
        + "x as much per byte (" + b + " vs " + s + ")");
  }

  /** {@code n} bytes of 'a' and a newline. */
  private static byte[] line(int n) {
    byte[] line = new byte[n + 1];
    Arrays.fill(line, (byte) 'a');
    line[n] = '\n';
    return line;
  }

  @Test
  void lengthPrefixedCodecsInSixteenByteReadsCostLinearlyInTheFrameSize() throws Exception {
    int big = 1 << 20, small = big / 16;
    linear("LengthFieldCodec(4)", n -> new LengthFieldCodec(big, 4), n -> ByteBuffer.wrap(new byte[n - 4]), big, small);
    linear("TlvCodec", n -> new TlvCodec(big), n -> new Tlv(7, new byte[n - 16]), big, small);
    linear("PacketCodec", n -> new PacketCodec(big), n -> new Packet(7, new byte[n - 16]), big, small);
  }

  private <T> void linear(String name, java.util.function.IntFunction<Codec<T>> codecs,
      java.util.function.IntFunction<T> messages, int big, int small) throws Exception {
    Codec<T> codec = codecs.apply(big);
    byte[] bigFrame = bytes(codec.encode(messages.apply(big)));
    byte[] smallFrame = bytes(codec.encode(messages.apply(small)));
    TrickleCost.Result[] bs = TrickleCost.alternating(() -> new FramerStream(codec.newDecoder()), bigFrame, smallFrame,
        1, PIECE, ROUNDS, TIMES);
    TrickleCost.Result b = bs[0], s = bs[1];
    double scale = (double) b.piecesNanos() / Math.max(1, s.piecesNanos()) / ((double) bigFrame.length / smallFrame.length);
    log.info("{}: {}-byte frame {}; {}-byte frame {}; pieces cost per byte, big over small: {}", name, bigFrame.length,
        b, smallFrame.length, s, String.format("%.2f", scale));
    assertTrue(scale <= 5, name + ": a frame 16x larger in " + PIECE + "-byte pieces cost " + scale
        + "x as much per byte (" + b + " vs " + s + ")");
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

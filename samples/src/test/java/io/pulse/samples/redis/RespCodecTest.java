package io.pulse.samples.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.codec.CodecException;
import io.pulse.codec.Decoder;
import io.pulse.codec.CorruptedFrameException;
import io.pulse.codec.FrameTooLongException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RESP2 request codec: whole, split and garbage input, and its limits. */
class RespCodecTest {
  private final RespCodec codec = new RespCodec(1024, 64 * 1024);

  private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n"
      + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
      + "PING\r\n"
      + "  SET  a   b\n"
      + "\r\n"
      + "*0\r\n"
      + "*1\r\n$0\r\n\r\n";

  @Test
  void decodesArraysAndInlineCommandsInOrder() throws Exception {
    List<String> got = decodeAll(codec, bytes(PIPELINE), Integer.MAX_VALUE);
    assertEquals(List.of("[SET, k, hello]", "[GET, k]", "[PING]", "[SET, a, b]", "[]"), got);
  }

  @Test
  void decodesTheSameWhenFedOneByteAtATime() throws Exception {
    assertEquals(decodeAll(codec, bytes(PIPELINE), Integer.MAX_VALUE), decodeAll(codec, bytes(PIPELINE), 1));
  }

  @Test
  void decodesBinaryValuesSplitAtEveryPoint() throws Exception {
    byte[] value = new byte[300];
    new Random(3).nextBytes(value);
    byte[] wire = toArray(codec.encode(new byte[][] {bytes("SET"), bytes("bin"), value}));
    for (int chunk = 1; chunk < wire.length; chunk += 7) {
      List<byte[][]> out = new ArrayList<>();
      feed(codec, wire, chunk, out);
      assertEquals(1, out.size(), "chunk " + chunk);
      assertArrayEquals(value, out.get(0)[2]);
    }
  }

  @Test
  void leavesAPartialCommandUnconsumed() throws Exception {
    ByteBuffer in = ByteBuffer.wrap(bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPI"));
    List<byte[][]> out = new ArrayList<>();
    codec.decode(in, out::add);
    assertEquals(1, out.size());
    assertEquals(20, in.position(), "stops at the start of the partial command");
  }

  @Test
  void anOversizedBulkIsRefusedFromItsHeader() {
    ByteBuffer in = ByteBuffer.wrap(bytes("*2\r\n$3\r\nSET\r\n$999999999\r\n"));
    FrameTooLongException e = assertThrows(FrameTooLongException.class, () -> codec.decode(in, m -> {}));
    assertEquals(64 * 1024, e.limit());
    assertTrue(e.getMessage().contains("RESP"), e.getMessage());
  }

  @Test
  void anAbsurdArrayLengthIsRefusedBeforeAllocating() {
    ByteBuffer in = ByteBuffer.wrap(bytes("*2147483647\r\n"));
    CodecException e = assertThrows(CorruptedFrameException.class, () -> codec.decode(in, m -> {}));
    assertTrue(e.getMessage().contains("invalid multibulk length 2147483647"), e.getMessage());
  }

  @Test
  void malformedInputIsNamed() {
    String[] bad = {"*1\r\n:5\r\n", "*x\r\n", "*1\r\n$-1\r\n", "*1\r\n$3\r\nabcde\r\n", "*1\rX", "*1\r\n$3\rX", "*12345678901234567890123\r\n"};
    for (String b : bad) {
      CodecException e = assertThrows(CorruptedFrameException.class, () -> codec.decode(ByteBuffer.wrap(bytes(b)), m -> {}),
          b);
      assertTrue(e.getMessage().startsWith("RESP: "), e.getMessage());
    }
  }

  @Test
  void anEndlessInlineLineIsTooLong() {
    byte[] line = new byte[RespCodec.MAX_INLINE_BYTES + 10];
    Arrays.fill(line, (byte) 'a');
    assertThrows(FrameTooLongException.class, () -> codec.decode(ByteBuffer.wrap(line), m -> {}));
  }

  @Test
  void randomGarbageOnlyEverRaisesTheCodecsOwnErrors() {
    Random rnd = new Random(42);
    String alphabet = "*$\r\n0123456789-abc ";
    int failures = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] junk = new byte[1 + rnd.nextInt(64)];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = rnd.nextBoolean() ? (byte) alphabet.charAt(rnd.nextInt(alphabet.length())) : (byte) rnd.nextInt(256);
      }
      if (round % 2 == 0) junk[0] = '*'; // half the rounds look like arrays, the rest mostly like inline commands
      try {
        feed(codec, junk, 1 + rnd.nextInt(8), new ArrayList<>());
      } catch (CorruptedFrameException | FrameTooLongException expected) {
        failures++;
      } catch (Throwable t) {
        throw new AssertionError("round " + round + ": " + Arrays.toString(junk), t);
      }
    }
    assertTrue(failures > 1000, "garbage was refused " + failures + " times");
  }

  @Test
  void aCommandAtTheSampleDefaultLimitsDecodesQuicklyFromSixteenKibReads() throws Exception {
    RespCodec limits = new RespCodec(65_536, 8 << 20); // the redis sample's hard defaults
    byte[][] cmd = new byte[65_536][];
    cmd[0] = bytes("MSET");
    for (int i = 1; i < cmd.length; i++) cmd[i] = bytes("key:" + i);
    byte[] wire = toArray(limits.encode(cmd));
    long start = System.nanoTime();
    List<byte[][]> out = new ArrayList<>();
    feed(limits, wire, 16 * 1024, out);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, out.size());
    assertEquals(65_536, out.get(0).length);
    assertTrue(millis < 5_000, "re-walking headers took " + millis + " ms"); // ~0.1 s here; quadratic if it grew
  }

  @Test
  void theStatelessDecodeLeavesAPartialCommandWholeForTheNextCall() throws Exception {
    List<byte[][]> stateless = new ArrayList<>();
    feed(codec::decode, bytes(PIPELINE), 3, stateless);
    List<byte[][]> stateful = new ArrayList<>();
    feed(codec, bytes(PIPELINE), 3, stateful);
    assertEquals(stateful.size(), stateless.size());
    for (int i = 0; i < stateful.size(); i++) assertArrayEquals(stateful.get(i), stateless.get(i));
  }

  @Test
  void aRequestOverASoftLimitIsSkippedAsItArrivesAndRefusedOnceItEnds() throws Exception {
    RespCodec soft = new RespCodec(10, 1000, 65_536, 8 << 20);
    byte[][] many = new byte[12][];
    java.util.Arrays.fill(many, bytes("x"));
    byte[][] big = {bytes("SET"), bytes("k"), new byte[2000]};
    byte[] wire = concat(toArray(soft.encode(many)), toArray(soft.encode(big)), bytes("PING\r\n"));
    Decoder<byte[][]> d = soft.newDecoder();
    List<byte[][]> out = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(wire, 0, 40); // part of the first request: consumed, not held
    d.decode(in, out::add);
    assertEquals(40, in.position(), "a refused request's bytes are skipped, not buffered");
    feed(d, java.util.Arrays.copyOfRange(wire, 40, wire.length), 7, out);
    assertEquals(3, out.size());
    assertEquals("ERR too many arguments: 12 exceeds the limit of 10", RespCodec.refusal(out.get(0)));
    assertEquals("ERR string exceeds maximum allowed size (2000 bytes > limit of 1000)", RespCodec.refusal(out.get(1)));
    assertEquals(null, RespCodec.refusal(out.get(2)));
    assertArrayEquals(new byte[][] {bytes("PING")}, out.get(2));
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) b.writeBytes(p);
    return b.toByteArray();
  }

  @Test
  void encodeRoundTrips() throws Exception {
    byte[][] cmd = {bytes("MSET"), bytes("a"), new byte[0], bytes("b"), bytes("x\r\ny")};
    List<byte[][]> out = new ArrayList<>();
    codec.decode(codec.encode(cmd), out::add);
    assertEquals(1, out.size());
    assertArrayEquals(cmd, out.get(0));
  }

  /** Feeds {@code wire} in chunks to one connection's decoder, keeping unconsumed bytes as the server's framer does. */
  static void feed(RespCodec codec, byte[] wire, int chunk, List<byte[][]> out) throws CodecException {
    feed(codec.newDecoder(), wire, chunk, out);
  }

  static void feed(Decoder<byte[][]> decoder, byte[] wire, int chunk, List<byte[][]> out) throws CodecException {
    ByteBuffer pending = ByteBuffer.allocate(wire.length);
    for (int off = 0; off < wire.length; off += chunk) {
      pending.put(wire, off, Math.min(chunk, wire.length - off));
      pending.flip();
      decoder.decode(pending, out::add);
      pending.compact();
    }
  }

  private static List<String> decodeAll(RespCodec codec, byte[] wire, int chunk) throws CodecException {
    List<byte[][]> out = new ArrayList<>();
    feed(codec, wire, Math.min(chunk, wire.length), out);
    List<String> s = new ArrayList<>();
    for (byte[][] cmd : out) {
      List<String> args = new ArrayList<>();
      for (byte[] a : cmd) args.add(new String(a, StandardCharsets.UTF_8));
      s.add(args.toString());
    }
    return s;
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}

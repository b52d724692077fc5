package io.pulse.testing.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.codec.CorruptedFrameException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The fuzzer finds planted bugs: a parser that trusts its length field, and one that depends on chunking. */
class FuzzerTest {

  /** A 2-byte length, then the body: correct, with its own error for lengths over 100. */
  private static FuzzTarget lengthPrefixed(String name, FuzzTarget.FrameDecoder decoder) {
    return FuzzTarget.ofDecoder(name, decoder, r -> {
      byte[] body = new byte[r.nextInt(50)];
      r.nextBytes(body);
      return ByteBuffer.allocate(2 + body.length).putShort((short) body.length).put(body).array();
    }, t -> t instanceof CorruptedFrameException, 100);
  }

  @Test
  void aCorrectParserRunsClean() {
    FuzzReport r = Fuzzer.run(lengthPrefixed("correct", (in, out) -> {
      while (in.remaining() >= 2) {
        int len = in.getShort(in.position()) & 0xffff;
        if (len > 100) throw new CorruptedFrameException("length " + len);
        if (in.remaining() < 2 + len) return;
        byte[] b = new byte[len];
        in.get(in.position() + 2, b);
        in.position(in.position() + 2 + len);
        out.accept(ByteBuffer.wrap(b));
      }
    }), 1, 5_000).assertClean();
    assertFalse(r.ownErrors.isEmpty(), "mutations reached the length check: " + r);
  }

  @Test
  void findsAParserThatTrustsItsLengthField() {
    FuzzReport r = Fuzzer.run(lengthPrefixed("trusting", (in, out) -> {
      while (in.remaining() >= 2) {
        int len = in.getShort(in.position()) & 0xffff;
        byte[] b = new byte[len];
        in.position(in.position() + 2);
        in.get(b); // BufferUnderflowException on a partial frame
        out.accept(ByteBuffer.wrap(b));
      }
    }), 1, 5_000);
    assertThrows(AssertionError.class, r::assertClean);
    assertTrue(r.failures.get(0).contains("BufferUnderflowException"), r.failures.get(0));
  }

  @Test
  void findsAParserThatDependsOnHowTheStreamIsCut() {
    FuzzReport r = Fuzzer.run(lengthPrefixed("chunk-sensitive", (in, out) -> {
      // Treats whatever arrived as one message: right only when each read holds exactly one frame.
      byte[] b = new byte[in.remaining()];
      in.get(b);
      if (b.length > 0) out.accept(ByteBuffer.wrap(b));
    }), 1, 2_000);
    assertFalse(r.failures.isEmpty(), "no failure found: " + r);
  }

  @Test
  void inputsReplayFromSeedAndIndex() {
    FuzzTarget t = lengthPrefixed("replay", (in, out) -> in.position(in.limit()));
    assertTrue(java.util.Arrays.equals(Fuzzer.input(t, 9, 123), Fuzzer.input(t, 9, 123)));
    assertFalse(java.util.Arrays.equals(Fuzzer.input(t, 9, 123), Fuzzer.input(t, 9, 124))
        && java.util.Arrays.equals(Fuzzer.input(t, 9, 124), Fuzzer.input(t, 9, 125)));
  }
}

package io.pulse.samples.redis;

import io.pulse.testing.fuzz.FuzzReport;
import io.pulse.testing.fuzz.FuzzTarget;
import io.pulse.testing.fuzz.Fuzzer;
import io.pulse.codec.CodecException;
import io.pulse.codec.Decoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RESP codec under the reliability suite's seeded mutation fuzzer: only its own CodecExceptions escape, and it
 * decodes the same however the input is cut. 20,000 inputs normally; 10⁶ with {@code -Dpulse.reliability.full=true}.
 */
class RespFuzzTest {
  static final long INPUTS = Boolean.getBoolean("pulse.reliability.full") ? 1_000_000L : 20_000L;

  @Test
  void mutatedCommandsRaiseOnlyTheCodecsOwnErrors() {
    // soft limits inside the generated range, so refusals (skipped commands) are fuzzed too
    RespCodec codec = new RespCodec(4, 1500, 64, 64 * 1024);
    // byte[][] has identity equality: compare decoded commands as lists of ByteBuffers (content equality);
    // each stream decodes through its own stateful decoder, as a connection does
    FuzzTarget target = FuzzTarget.ofDecoders("RESP", () -> {
      Decoder<byte[][]> d = codec.newDecoder();
      return (in, out) -> d.decode(in, args -> out.accept(java.util.Arrays.stream(args).map(ByteBuffer::wrap).toList()));
    },
        r -> bytes(codec.encode(command(r))),
        t -> t instanceof CodecException, 64, 64 * 1024, 65536);
    FuzzReport report = Fuzzer.run(target, Long.getLong("pulse.fuzz.seed", 20261125L), INPUTS);
    report.assertClean();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  /** A random command: SET/GET/MSET-like arrays of bulk strings, some binary. */
  private static byte[][] command(Random r) {
    String[] names = {"SET", "GET", "MSET", "DEL", "INCRBY", "EXPIRE", "PING"};
    byte[][] args = new byte[1 + r.nextInt(5)][];
    args[0] = names[r.nextInt(names.length)].getBytes(StandardCharsets.US_ASCII);
    for (int i = 1; i < args.length; i++) {
      args[i] = new byte[r.nextInt(r.nextInt(8) == 0 ? 2000 : 20)];
      r.nextBytes(args[i]);
    }
    return args;
  }
}

package io.pulse.internal.websocket;

import io.pulse.testing.fuzz.FuzzReport;
import io.pulse.testing.fuzz.FuzzTarget;
import io.pulse.testing.fuzz.Fuzzer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket frame parser under the reliability fuzzer: bad frames end in the parser's own close code (never an
 * exception), and messages come out the same however the bytes are cut. 10,000 inputs normally, 10⁶ with
 * {@code -Dpulse.reliability.full=true}.
 */
@Tag("reliability")
class WebSocketFuzzTest {
  static final long INPUTS = Boolean.getBoolean("pulse.reliability.full") ? 1_000_000L : 10_000L;

  @Test
  void mutatedFramesEndInACloseCodeNeverAnException() {
    FuzzReport report = Fuzzer.run(new Target(), Long.getLong("pulse.fuzz.seed", 20261125L), INPUTS);
    report.assertClean();
  }

  /** The parser's {@code fail(code, reason)}, surfaced so the fuzzer can compare it across cuts. */
  static final class Closed extends Exception {
    Closed(int code, String reason) {
      super(code + " " + reason);
    }
  }

  static final class Target implements FuzzTarget {
    @Override public String name() {
      return "WebSocket frames";
    }

    @Override public Stream newStream() {
      Closed[] failed = new Closed[1];
      @SuppressWarnings("unchecked")
      Consumer<Object>[] sink = new Consumer[1];
      FrameParser p = new FrameParser(new FrameParser.Sink() {
        @Override public void message(int opcode, byte[] buf, int len) {
          sink[0].accept("msg " + opcode + " " + HexFormat.of().formatHex(buf, 0, len));
        }

        @Override public void control(int opcode, byte[] buf, int len) {
          sink[0].accept("ctl " + opcode + " " + HexFormat.of().formatHex(buf, 0, len));
        }

        @Override public void fail(int code, String reason) {
          failed[0] = new Closed(code, reason);
        }
      }, 4096);
      return (ByteBuffer chunk, Consumer<Object> out) -> {
        sink[0] = out;
        p.feed(chunk);
        if (failed[0] != null) throw failed[0];
      };
    }

    /** One whole client message: masked, FIN, text (valid UTF-8), binary or ping. */
    @Override public byte[] validFrame(Random r) {
      int kind = r.nextInt(3);
      byte[] payload;
      int opcode;
      if (kind == 0) {
        opcode = 1;
        payload = ("héllo ✓ " + r.nextInt()).repeat(1 + r.nextInt(20)).getBytes(StandardCharsets.UTF_8);
      } else if (kind == 1) {
        opcode = 2;
        payload = new byte[r.nextInt(r.nextBoolean() ? 130 : 1000)];
        r.nextBytes(payload);
      } else {
        opcode = 9;
        payload = new byte[r.nextInt(126)];
        r.nextBytes(payload);
      }
      int n = payload.length;
      ByteBuffer b = ByteBuffer.allocate(n + 14);
      b.put((byte) (0x80 | opcode));
      if (n < 126) b.put((byte) (0x80 | n));
      else b.put((byte) (0x80 | 126)).putShort((short) n);
      byte[] mask = new byte[4];
      r.nextBytes(mask);
      b.put(mask);
      for (int i = 0; i < n; i++) b.put((byte) (payload[i] ^ mask[i & 3]));
      byte[] out = new byte[b.position()];
      b.flip().get(out);
      return out;
    }

    @Override public boolean isOwnError(Throwable t) {
      return t instanceof Closed;
    }

    @Override public long[] interestingValues() {
      return new long[] {125, 126, 127, 4096, 65535, 65536};
    }
  }
}

package io.pulse.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.TrickleCost;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket frame parser reads a near-limit text message (1 MiB, UTF-8 checked as it arrives) in 16-byte reads
 * for at most 5x the CPU of the same frame read whole: it consumes every read, never rescanning.
 */
class WebSocketTrickleCostTest {
  private static final Logger log = LoggerFactory.getLogger(WebSocketTrickleCostTest.class);

  @Test
  void aNearLimitTextMessageInSixteenByteReadsCostsAtMostFiveTimesWhole() throws Exception {
    int max = 1 << 20;
    byte[] text = new byte[max - 16];
    Arrays.fill(text, (byte) 'w');
    byte[] frame = FrameParserTest.masked(1, true, text);
    TrickleCost.Result r = TrickleCost.measure(() -> new TrickleCost.Stream() {
      long n;
      final FrameParser p = new FrameParser(new FrameParser.Sink() {
        @Override public void message(int opcode, byte[] buf, int len) { n++; }

        @Override public void control(int opcode, byte[] buf, int len) {}

        @Override public void fail(int code, String reason) { throw new AssertionError(code + " " + reason); }
      }, max);

      @Override
      public void feed(ByteBuffer view) {
        p.feed(view);
      }

      @Override
      public long messages() {
        return n;
      }
    }, frame, 1, 16, 5);
    log.info("WebSocket text message of {} bytes: {}", text.length, r);
    assertTrue(r.ratio() <= 5, "WebSocket: " + r);
  }
}

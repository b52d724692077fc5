package io.pulse.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.TrickleCost;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket frame parser consumes every read whole (it copies, unmasks and UTF-8-checks each byte once), so a
 * near-limit text message in 16-byte reads costs time linear in its size: a message 16 times larger in the same
 * pieces costs at most 5 x 16 times as much. Its cost against the same frame read whole is only logged: measured
 * 3.3-4.8x here, the per-read call overhead (~50 ns a read) against ~0.7 ns a byte of work, which a loaded machine
 * stretches (the HTTP twin of this test once measured 16x for 1.3-2x inside a CI run).
 */
class WebSocketTrickleCostTest {
  private static final Logger log = LoggerFactory.getLogger(WebSocketTrickleCostTest.class);

  @Test
  void aNearLimitTextMessageInSixteenByteReadsCostsLinearlyInItsSize() throws Exception {
    int max = 1 << 20;
    // Alternately, each side's best: a slow stretch slows both sides, not whichever was being measured.
    TrickleCost.Result[] bs = TrickleCost.alternating(() -> stream(max), frame(max - 16), frame(max / 16 - 16), 1, 16,
        11, 2);
    TrickleCost.Result big = bs[0], small = bs[1];
    double scale = (double) big.piecesNanos() / Math.max(1, small.piecesNanos()) / ((max - 16.0) / (max / 16 - 16.0));
    log.info("WebSocket text message of {} bytes: {}; of {} bytes: {}; pieces cost per byte, big over small: {}",
        max - 16, big, max / 16 - 16, small, String.format("%.2f", scale));
    assertTrue(scale <= 5, "WebSocket: 16x the message cost " + scale + "x per byte (" + big + " vs " + small + ")");
  }

  /** A masked text frame carrying {@code size} bytes. */
  private static byte[] frame(int size) {
    byte[] text = new byte[size];
    Arrays.fill(text, (byte) 'w');
    return FrameParserTest.masked(1, true, text);
  }

  /** A fresh frame parser for messages up to {@code max} bytes, fed read by read. */
  private static TrickleCost.Stream stream(int max) {
    return new TrickleCost.Stream() {
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
    };
  }
}

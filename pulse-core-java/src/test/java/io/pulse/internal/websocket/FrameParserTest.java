package io.pulse.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameParserTest {
  final List<String> events = new ArrayList<>();
  final List<byte[]> messages = new ArrayList<>();
  final FrameParser.Sink sink = new FrameParser.Sink() {
    @Override public void message(int opcode, byte[] buf, int len) {
      events.add("message " + opcode + " " + len);
      messages.add(Arrays.copyOf(buf, len));
    }

    @Override public void control(int opcode, byte[] buf, int len) {
      events.add("control " + opcode + " " + new String(buf, 0, len, StandardCharsets.UTF_8));
    }

    @Override public void fail(int code, String reason) {
      events.add("fail " + code);
    }
  };

  static byte[] masked(int opcode, boolean fin, byte[] p) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write((fin ? 0x80 : 0) | opcode);
    if (p.length < 126) b.write(0x80 | p.length);
    else if (p.length < 65536) { b.write(0x80 | 126); b.write(p.length >> 8); b.write(p.length); }
    else { b.write(0x80 | 127); for (int i = 7; i >= 0; i--) b.write((int) ((long) p.length >>> (8 * i))); }
    byte[] key = {(byte) 0xA1, 0x22, 0x3C, (byte) 0xF4};
    b.write(key, 0, 4);
    for (int i = 0; i < p.length; i++) b.write(p[i] ^ key[i & 3]);
    return b.toByteArray();
  }

  void feedInChunks(FrameParser p, byte[] all, int chunk) {
    for (int i = 0; i < all.length; i += chunk) p.feed(ByteBuffer.wrap(all, i, Math.min(chunk, all.length - i)));
  }

  @Test
  void fragmentsWithInterleavedPingReassembleWhateverTheSplit() {
    byte[] big = new byte[70_000]; // a 64-bit length
    new Random(1).nextBytes(big);
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(masked(2, false, Arrays.copyOf(big, 200)));
    s.writeBytes(masked(9, true, "hi".getBytes(StandardCharsets.UTF_8)));
    s.writeBytes(masked(0, true, Arrays.copyOfRange(big, 200, big.length)));
    s.writeBytes(masked(1, true, "h\u00e9llo \u20ac".getBytes(StandardCharsets.UTF_8)));
    for (int chunk : new int[] {1, 3, 4096}) {
      events.clear();
      messages.clear();
      feedInChunks(new FrameParser(sink, 1 << 20), s.toByteArray(), chunk);
      assertEquals(List.of("control 9 hi", "message 2 70000", "message 1 10"), events, "chunk " + chunk);
      assertArrayEquals(big, messages.get(0));
      assertEquals("h\u00e9llo \u20ac", new String(messages.get(1), StandardCharsets.UTF_8));
    }
  }

  @Test
  void utf8SplitAcrossFragmentsIsCheckedAsOneMessage() {
    byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream ok = new ByteArrayOutputStream();
    ok.writeBytes(masked(1, false, Arrays.copyOf(euro, 1)));
    ok.writeBytes(masked(0, true, Arrays.copyOfRange(euro, 1, 3)));
    feedInChunks(new FrameParser(sink, 100), ok.toByteArray(), 1);
    assertEquals(List.of("message 1 3"), events);
    events.clear();
    feedInChunks(new FrameParser(sink, 100), masked(1, true, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), 1);
    assertEquals(List.of("fail 1007"), events); // a surrogate
    events.clear();
    feedInChunks(new FrameParser(sink, 100), masked(1, true, Arrays.copyOf(euro, 2)), 1);
    assertEquals(List.of("fail 1007"), events); // ends mid-character
  }

  @Test
  void protocolViolationsFailWithTheirCodes() {
    String[] expect = {"fail 1002", "fail 1002", "fail 1002", "fail 1009", "fail 1002"};
    byte[][] inputs = {
        {(byte) 0x81, 0x00},                         // not masked
        masked(0, true, new byte[1]),                // continuation without a message
        masked(9, false, new byte[1]),               // fragmented ping
        masked(2, true, new byte[101]),              // over maxMessageSize 100
        {(byte) 0xC1, (byte) 0x80, 0, 0, 0, 0}};     // RSV1 set
    for (int i = 0; i < inputs.length; i++) {
      events.clear();
      feedInChunks(new FrameParser(sink, 100), inputs[i], 1);
      assertEquals(List.of(expect[i]), events, "input " + i);
    }
    assertTrue(WebSocketImpl.validCode(1000) && !WebSocketImpl.validCode(1005) && !WebSocketImpl.validCode(999));
  }
}

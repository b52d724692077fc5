package io.pulse.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineCodecTest extends CodecContract<String> {
  private final LineCodec codec = new LineCodec(100);

  @Override Codec<String> codec() { return codec; }

  @Override
  String randomMessage(Random r) {
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(60);
    for (int i = 0; i < n; i++) s.append((char) ('a' + r.nextInt(26)));
    if (r.nextBoolean()) s.append("é");
    return s.toString();
  }

  @Override byte[] oversizedFrameHeader() { return "x".repeat(200).getBytes(StandardCharsets.UTF_8); }

  @Override byte[] malformedFrame() { return null; }

  @Test
  void crlfAndLfEndingsBothEndALine() throws CodecException {
    List<String> out = new ArrayList<>();
    codec.decode(ByteBuffer.wrap("one\r\ntwo\nthr".getBytes(StandardCharsets.UTF_8)), out::add);
    assertEquals(List.of("one", "two"), out);
  }
}

package io.pulse.internal.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.TrickleCost;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP request parser reads a near-limit request (an 8 KiB request line, 16 KiB of headers) arriving in
 * 16-byte reads for at most 5x the CPU of the same request read whole: its searches resume where they stopped.
 */
class HttpTrickleCostTest {
  private static final Logger log = LoggerFactory.getLogger(HttpTrickleCostTest.class);

  @Test
  void aNearLimitRequestHeadInSixteenByteReadsCostsAtMostFiveTimesWhole() throws Exception {
    HttpConfig cfg = new HttpConfig();
    StringBuilder s = new StringBuilder("GET /").append("p".repeat(cfg.maxRequestLineBytes - 20)).append(" HTTP/1.1\r\n");
    s.append("Host: h\r\n");
    while (s.length() < cfg.maxRequestLineBytes + cfg.maxHeaderBytes - 200) {
      s.append("X-Filler-").append(s.length()).append(": ").append("v".repeat(60)).append("\r\n");
    }
    s.append("\r\n");
    byte[] request = s.toString().getBytes(StandardCharsets.ISO_8859_1);
    TrickleCost.Result r = TrickleCost.measure(() -> new TrickleCost.Stream() {
      final RequestParser p = new RequestParser(null, cfg);
      long n;

      @Override
      public void feed(ByteBuffer view) throws HttpError {
        p.append(view);
        while (p.next() != null) n++;
      }

      @Override
      public long messages() {
        return n;
      }
    }, request, 1, 16, 11);
    log.info("HTTP request head of {} bytes: {}", request.length, r);
    assertTrue(r.ratio() <= 5, "HTTP: " + r);
  }
}

package io.pulse.internal.http;

import io.pulse.testing.fuzz.FuzzReport;
import io.pulse.testing.fuzz.FuzzTarget;
import io.pulse.testing.fuzz.Fuzzer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The HTTP request parser under the reliability fuzzer: only {@link HttpError} escapes, and requests parse the
 * same however the bytes are cut. 10,000 inputs normally, 10⁶ with {@code -Dpulse.reliability.full=true}.
 */
@Tag("reliability")
class HttpFuzzTest {
  static final long INPUTS = Boolean.getBoolean("pulse.reliability.full") ? 1_000_000L : 10_000L;

  @Test
  void mutatedRequestsRaiseOnlyHttpErrors() {
    FuzzReport report = Fuzzer.run(new Target(), Long.getLong("pulse.fuzz.seed", 20261125L), INPUTS);
    report.assertClean();
  }

  /** One connection's parser with small limits, so the fuzzer reaches them. */
  static final class Target implements FuzzTarget {
    @Override public String name() {
      return "HTTP request";
    }

    @Override public Stream newStream() {
      HttpConfig cfg = new HttpConfig();
      cfg.maxRequestLineBytes = 256;
      cfg.maxHeaderBytes = 512;
      cfg.maxBodyBytes = 300;
      RequestParser p = new RequestParser(null, cfg);
      return (ByteBuffer chunk, Consumer<Object> out) -> {
        p.append(chunk);
        for (ParsedRequest r; (r = p.next()) != null; ) {
          out.accept(r.method() + " " + r.path() + "?" + r.query() + " " + r.version() + " " + r.headers()
              + " ka=" + r.keepAlive() + " body=" + r.bodyText());
        }
      };
    }

    @Override public byte[] validFrame(Random r) {
      String[] methods = {"GET", "POST", "PUT", "HEAD", "DELETE"};
      String method = methods[r.nextInt(methods.length)];
      StringBuilder b = new StringBuilder(method).append(" /p").append(r.nextInt(100));
      if (r.nextBoolean()) b.append("?q=").append(r.nextInt(1000));
      b.append(" HTTP/1.1\r\nHost: h").append(r.nextInt(9)).append("\r\n");
      for (int i = r.nextInt(4); i > 0; i--) b.append("X-H").append(i).append(": v").append(r.nextInt()).append("\r\n");
      String body = method.equals("POST") || method.equals("PUT") ? "x".repeat(r.nextInt(200)) : "";
      if (!body.isEmpty()) b.append("Content-Length: ").append(body.length()).append("\r\n");
      return b.append("\r\n").append(body).toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override public boolean isOwnError(Throwable t) {
      return t instanceof HttpError;
    }

    @Override public long[] interestingValues() {
      return new long[] {256, 300, 512};
    }
  }
}

package io.pulse.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  static final String TWO = "GET /a?x=1 HTTP/1.1\r\nHost: h\r\nX-Y:  spaced  \r\n\r\n"
      + "POST /b HTTP/1.0\nContent-Length: 3\n\nabc";

  static List<ParsedRequest> feed(RequestParser p, String s, int chunk) throws HttpError {
    List<ParsedRequest> out = new ArrayList<>();
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < b.length; i += chunk) {
      p.append(ByteBuffer.wrap(b, i, Math.min(chunk, b.length - i)));
      for (ParsedRequest r; (r = p.next()) != null; ) out.add(r);
    }
    return out;
  }

  @Test
  void parsesTheSameRequestsWhateverTheSplit() throws Exception {
    for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
      List<ParsedRequest> rs = feed(new RequestParser(null, new HttpConfig()), TWO, chunk);
      assertEquals(2, rs.size(), "chunk " + chunk);
      assertEquals("/a", rs.get(0).path());
      assertEquals("x=1", rs.get(0).query());
      assertEquals("spaced", rs.get(0).header("x-y"));
      assertEquals(true, rs.get(0).keepAlive());
      assertEquals("abc", rs.get(1).bodyText());
      assertEquals(false, rs.get(1).keepAlive());
      assertNull(rs.get(1).query());
    }
  }

  @Test
  void limitsGiveTheirStatusEvenWhenFedByteByByte() {
    HttpConfig cfg = new HttpConfig();
    cfg.maxRequestLineBytes = 64;
    cfg.maxHeaderBytes = 64;
    cfg.maxBodyBytes = 10;
    assertEquals(414, assertThrows(HttpError.class,
        () -> feed(new RequestParser(null, cfg), "GET /" + "a".repeat(100), 1)).status);
    assertEquals(431, assertThrows(HttpError.class,
        () -> feed(new RequestParser(null, cfg), "GET / HTTP/1.1\r\nHost: h\r\nX: " + "a".repeat(100), 1)).status);
    assertEquals(413, assertThrows(HttpError.class,
        () -> feed(new RequestParser(null, cfg), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", 1)).status);
    assertEquals(400, assertThrows(HttpError.class,
        () -> feed(new RequestParser(null, cfg), "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 1)).status);
    assertEquals(400, assertThrows(HttpError.class,
        () -> feed(new RequestParser(null, cfg), "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 5)).status);
    assertEquals(505, assertThrows(HttpError.class,
        () -> feed(new RequestParser(null, cfg), "GET / HTTP/2.0\r\n\r\n", 5)).status);
  }
}

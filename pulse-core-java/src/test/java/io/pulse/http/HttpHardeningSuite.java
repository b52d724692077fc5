package io.pulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.ProtocolException;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9112 hardening over raw sockets, once per transport: requests a front end and this server could read two
 * ways (smuggling) get 400 and a close whose reason reaches onClose; handlers cannot inject header lines; a request
 * trickled in slower than the request deadline gets 408, on every request of a kept-alive connection.
 */
abstract class HttpHardeningSuite extends TransportSuiteBase {
  final BlockingQueue<Throwable> closeErrors = new LinkedBlockingQueue<>();
  final List<String> refusedHeaders = new CopyOnWriteArrayList<>();

  PulseServer serve(HttpCallback.Builder routes) throws IOException {
    HttpCallback http = routes.get("/a", r -> HttpResponse.ok("A"))
        .post("/echo", r -> HttpResponse.ok("body:" + r.bodyText()))
        .get("/inject", r -> {
          HttpResponse resp = HttpResponse.ok("clean");
          for (String[] h : new String[][] {{"X-A", "v\r\nSet-Cookie: evil=1"}, {"X-B: evil", "v"}, {"X-C", "v\nX-D: 1"},
              {"X-E", "nul\0"}, {"X F", "v"}, {"X-G\r\n", "v"}}) {
            try {
              resp.header(h[0], h[1]);
            } catch (IllegalArgumentException e) {
              refusedHeaders.add(h[0]);
            }
          }
          return resp.header("X-Fine", "ok\tfine");
        }).build();
    // what a user wrapping the HTTP callback sees in onClose
    Callback<ByteBuffer> cb = new Callback<>() {
      @Override public void onOpen(Conn conn) { http.onOpen(conn); }

      @Override public void onData(Conn conn, ByteBuffer msg) { http.onData(conn, msg); }

      @Override public void onClose(Conn conn, Throwable err) {
        http.onClose(conn, err);
        closeErrors.add(err == null ? new AssertionError("closed without an error") : err);
      }
    };
    return closer.add(PulseServer.builder().transport(transport()).loops(1).callback(cb).bind("127.0.0.1", 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\nhello!",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0x5\r\n\r\nhello",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: five\r\n\r\nhello",
      "GET /a HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n two\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n\ttwo\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length\t: 5\r\n\r\nhello",
      "GET /a HTTP/1.1\r\nHost: x\rX-Smuggled: 1\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\nX-A: b\rc\r\n\r\n",
      "GET /a HTTP/1.1\rHost: x\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\nX(A): b\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\nX\"A: b\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\n: empty name\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\nX-\u00e9: b\r\n\r\n"})
  void smugglingShapesGet400AndACloseWhoseReasonReachesOnClose(String request) throws Exception {
    PulseServer s = serve(HttpCallback.builder());
    try (RawHttp bad = new RawHttp(s.port())) {
      bad.send(request);
      RawHttp.Response r = bad.read();
      assertEquals(400, r.status(), r.body());
      assertEquals("close", r.headers().get("connection"));
      assertTrue(bad.closedByServer(), "closed after the 400");
    }
    Throwable err = closeErrors.poll(10, TimeUnit.SECONDS);
    ProtocolException pe = assertInstanceOf(ProtocolException.class, err);
    assertEquals(400, pe.code());
    try (RawHttp next = new RawHttp(s.port())) { // the next connection is served
      next.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals("A", next.read().body());
    }
  }

  @Test
  void headerLinesWithCrLfNulOrNonTokenNamesAreRefusedAndNeverWritten() throws Exception {
    PulseServer s = serve(HttpCallback.builder());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("GET /inject HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = c.read();
      assertEquals(200, r.status());
      assertEquals("clean", r.body());
      assertEquals(List.of("X-A", "X-B: evil", "X-C", "X-E", "X F", "X-G\r\n"), refusedHeaders);
      assertEquals("ok\tfine", r.headers().get("x-fine"));
      for (String h : new String[] {"x-a", "set-cookie", "x-b", "x-c", "x-d", "x-e", "x f", "x-g"}) {
        assertNull(r.headers().get(h), h + " was written");
      }
      c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"); // the response was well framed: the connection goes on
      assertEquals("A", c.read().body());
    }
  }

  @Test
  void slowlorisOnTheThirdKeptAliveRequestGets408WithinTheRequestTimeout() throws Exception {
    Duration timeout = Duration.ofMillis(1000);
    PulseServer s = serve(HttpCallback.builder().firstRequestTimeout(timeout).requestTimeout(timeout));
    String req = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    try (RawHttp c = new RawHttp(s.port())) {
      for (int i = 0; i < 2; i++) { // two requests, each trickled in within the deadline (the second after a pause)
        if (i > 0) Thread.sleep(timeout.toMillis() * 3 / 2); // idle between kept-alive requests does not count
        trickle(c, req, 20, 5);
        assertEquals("body:hello", c.read().body());
      }
      long start = System.nanoTime();
      Thread.sleep(timeout.toMillis() * 3 / 2);
      // one byte every 100 ms (6 s for the request) until the server answers: the deadline comes first
      for (int i = 0; i < req.length() && c.in.available() == 0; i++) {
        c.send(req.substring(i, i + 1));
        Thread.sleep(100);
      }
      RawHttp.Response r = c.read();
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals(408, r.status(), r.body());
      assertTrue(c.closedByServer());
      assertTrue(ms < timeout.toMillis() * 3 / 2 + timeout.toMillis() + 1500, "408 after " + ms + " ms");
    }
    ProtocolException pe = assertInstanceOf(ProtocolException.class, closeErrors.poll(10, TimeUnit.SECONDS));
    assertEquals(408, pe.code());
  }

  /** Sends {@code s} in {@code pieces} pieces, {@code pauseMillis} ms apart. */
  private static void trickle(RawHttp c, String s, long pauseMillis, int pieces) throws Exception {
    int step = Math.max(1, (s.length() + pieces - 1) / pieces);
    for (int i = 0; i < s.length(); i += step) {
      c.send(s.substring(i, Math.min(s.length(), i + step)));
      if (i + step < s.length()) Thread.sleep(pauseMillis);
    }
  }
}

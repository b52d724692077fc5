package io.pulse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.testing.ExternalTool;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 callback against curl, wrk and raw sockets, once per transport. */
abstract class HttpSuite extends TransportSuiteBase {

  HttpCallback.Builder routes() {
    return HttpCallback.builder()
        .get("/plaintext", r -> HttpResponse.ok("Hello, World!"))
        .get("/a", r -> HttpResponse.ok("A"))
        .get("/b", r -> HttpResponse.ok("B"))
        .get("/echo", r -> HttpResponse.ok(r.method() + " " + r.path() + "?" + r.query()))
        .post("/echo", r -> HttpResponse.ok("body:" + r.bodyText()))
        .get("/fail", r -> { throw new IllegalStateException("handler broke"); });
  }

  PulseServer serve(HttpCallback cb, TaskType taskType) throws IOException {
    return closer.add(PulseServer.builder().transport(transport()).loops(1).taskType(taskType).callback(cb)
        .bind("127.0.0.1", 0));
  }

  PulseServer serve(HttpCallback cb) throws IOException {
    return serve(cb, TaskType.EVENT_LOOP);
  }

  @Test
  void curlReusesOneConnectionForTwoUrls() throws Exception {
    ExternalTool.require("curl");
    PulseServer s = serve(routes().build());
    String base = "http://127.0.0.1:" + s.port();
    ExternalTool.Result r = ExternalTool.run(Path.of("."), 20, List.of("curl", "-sv", base + "/a", base + "/b"));
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("AB", r.stdout());
    assertTrue(r.stderr().contains("Re-using existing connection"), r.stderr());
    assertEquals(1, s.stats().accepted(), "connections accepted");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    pipelined(TaskType.EVENT_LOOP);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnWorkerPool() throws Exception {
    pipelined(TaskType.WORKER_POOL);
  }

  private void pipelined(TaskType taskType) throws Exception {
    PulseServer s = serve(routes().build(), taskType);
    try (RawHttp c = new RawHttp(s.port())) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        all.append("GET /echo?n=").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        if (i == 10) all.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
      }
      c.send(all.toString());
      for (int i = 0; i < 20; i++) {
        assertEquals("GET /echo?n=" + i, c.read().body());
        if (i == 10) assertEquals("body:hello", c.read().body());
      }
    }
  }

  @Test
  void requestSentOneByteAtATimeIsParsed() throws Exception {
    PulseServer s = serve(routes().build());
    try (RawHttp c = new RawHttp(s.port())) {
      String req = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world";
      for (int i = 0; i < req.length(); i++) c.send(req.substring(i, i + 1));
      RawHttp.Response r = c.read();
      assertEquals(200, r.status());
      assertEquals("body:hello world", r.body());
    }
  }

  @Test
  void oversizedHeadersGet431AndClose() throws Exception {
    PulseServer s = serve(routes().maxHeaderBytes(1024).build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("GET /a HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(2000) + "\r\n\r\n");
      RawHttp.Response r = c.read();
      assertEquals(431, r.status());
      assertEquals("close", r.headers().get("connection"));
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void oversizedRequestLineGets414AndClose() throws Exception {
    PulseServer s = serve(routes().maxRequestLineBytes(256).build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("GET /" + "a".repeat(1000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(414, c.read().status());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void oversizedBodyGets413BeforeTheBodyIsSent() throws Exception {
    PulseServer s = serve(routes().maxBodyBytes(100).build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n");
      assertEquals(413, c.read().status());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void chunkedRequestBodyGets501() throws Exception {
    PulseServer s = serve(routes().build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
      assertEquals(501, c.read().status());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void malformedRequestLineGets400AndOtherConnectionsCarryOn() throws Exception {
    PulseServer s = serve(routes().build());
    try (RawHttp bad = new RawHttp(s.port()); RawHttp good = new RawHttp(s.port())) {
      bad.send("NONSENSE\r\n\r\n");
      assertEquals(400, bad.read().status());
      assertTrue(bad.closedByServer());
      good.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals("A", good.read().body());
    }
  }

  @Test
  void http10AndConnectionCloseEndTheConnection() throws Exception {
    PulseServer s = serve(routes().build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("GET /a HTTP/1.0\r\n\r\n");
      assertEquals("A", c.read().body());
      assertTrue(c.closedByServer());
    }
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RawHttp.Response r = c.read();
      assertEquals("keep-alive", r.headers().get("connection"));
      assertEquals("B", c.read().body());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void unknownPathGets404AndWrongMethod405() throws Exception {
    PulseServer s = serve(routes().build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\nDELETE /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(404, c.read().status());
      RawHttp.Response r = c.read();
      assertEquals(405, r.status());
      assertEquals("GET", r.headers().get("allow"));
      c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response head = c.readHead(); // Content-Length 1 but no body: the next bytes are GET's answer
      assertEquals("1", head.headers().get("content-length"));
      assertEquals("A", c.read().body());
    }
  }

  @Test
  void throwingHandlerGets500AndClose() throws Exception {
    PulseServer s = serve(routes().build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(500, c.read().status());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void silentConnectionGets408AfterTheFirstRequestTimeout() throws Exception {
    PulseServer s = serve(routes().firstRequestTimeout(Duration.ofMillis(300)).build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("GET /a HTTP/1.1\r\n"); // never finished
      assertEquals(408, c.read().status());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void expectContinueGets100ThenTheAnswer() throws Exception {
    PulseServer s = serve(routes().build());
    try (RawHttp c = new RawHttp(s.port())) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
      assertEquals(100, c.read().status());
      c.send("hi");
      assertEquals("body:hi", c.read().body());
    }
  }

  @Test
  void wrkWithFiftyConnectionsSeesNoErrors() throws Exception {
    ExternalTool.require("wrk");
    PulseServer s = serve(routes().build());
    ExternalTool.Result r = ExternalTool.run(Path.of("."), 25,
        List.of("wrk", "-t1", "-c50", "-d5s", "http://127.0.0.1:" + s.port() + "/plaintext"));
    assertEquals(0, r.exitCode(), r.stderr());
    String out = r.stdout();
    assertTrue(!out.contains("Non-2xx") && !out.contains("Socket errors"), out);
    Matcher m = Pattern.compile("(\\d+) requests in").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Long.parseLong(m.group(1)) > 1000, out);
    System.out.println("wrk " + transport() + ": " + out.lines().filter(l -> l.contains("Requests/sec")).findFirst().orElse(out));
  }
}

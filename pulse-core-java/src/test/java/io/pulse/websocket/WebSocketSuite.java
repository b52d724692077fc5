package io.pulse.websocket;

import static io.pulse.websocket.RawWebSocket.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.http.HttpCallback;
import io.pulse.http.HttpResponse;
import io.pulse.testing.ExternalTool;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WebSocket server against the npm ws client and a raw socket, once per transport. */
abstract class WebSocketSuite extends TransportSuiteBase {
  final CompletableFuture<String> serverSawClose = new CompletableFuture<>();
  PulseServer server;

  /** /echo sends each message back ("close-me" closes with 1000 "bye"); /room broadcasts to everyone in it. */
  PulseServer serve(int maxMessageBytes, TaskType taskType) throws IOException {
    WebSocketCallback echo = new WebSocketCallback() {
      @Override public void onMessage(WebSocket ws, String text) {
        if (text.equals("close-me")) ws.close(WebSocket.NORMAL, "bye");
        else ws.send(text);
      }

      @Override public void onMessage(WebSocket ws, ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        ws.send(copy);
      }

      @Override public void onClose(WebSocket ws, int code, String reason) {
        serverSawClose.complete(code + " " + reason);
      }
    };
    WebSocketCallback room = new WebSocketCallback() {
      @Override public void onOpen(WebSocket ws) {
        server.conns().join("room", ws.conn());
        ws.send("joined");
      }

      @Override public void onMessage(WebSocket ws, String text) {
        WebSocket.broadcast(server.conns(), "room", text);
      }
    };
    HttpCallback cb = HttpCallback.builder().webSocket("/echo", echo).webSocket("/room", room)
        .get("/", r -> HttpResponse.ok("plain http still works"))
        .maxMessageBytes(maxMessageBytes).firstRequestTimeout(Duration.ofMillis(500)).build();
    server = closer.add(PulseServer.builder().transport(transport()).loops(2).taskType(taskType).callback(cb)
        .bind("127.0.0.1", 0));
    return server;
  }

  PulseServer serve() throws IOException {
    return serve(2 * 1024 * 1024, TaskType.EVENT_LOOP);
  }

  /** Runs a scenario of ws-scenarios.js and returns its RESULT json. */
  String scenario(String name) throws Exception {
    ExternalTool.requireNodeModules("ws");
    ExternalTool.Result r = ExternalTool.node(25, "ws-scenarios.js", "" + server.port(), name);
    assertEquals(0, r.exitCode(), "node failed: " + r.stderr() + r.stdout());
    String line = r.stdout().lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
    return line.substring("RESULT ".length());
  }

  @Test
  void threeWsClientsEachReceiveEveryBroadcast() throws Exception {
    serve();
    String mine = "[\"hello from 0\",\"hello from 1\",\"hello from 2\"]";
    assertEquals("{\"got\":[" + mine + "," + mine + "," + mine + "]}", scenario("broadcast"));
  }

  @Test
  void oneMebibyteMessagesInFragmentsAndOneFrameEchoWhole() throws Exception {
    serve();
    assertEquals("{\"textEqual\":true,\"binaryEqual\":true,\"textLength\":1048576}", scenario("big"));
  }

  @Test
  void oneMebibyteMessagesEchoWholeOnWorkerPool() throws Exception {
    serve(2 * 1024 * 1024, TaskType.WORKER_POOL);
    assertEquals("{\"textEqual\":true,\"binaryEqual\":true,\"textLength\":1048576}", scenario("big"));
  }

  @Test
  void pingInsideAFragmentedMessageGetsItsPong() throws Exception {
    serve();
    assertEquals("{\"pong\":\"are you there\",\"message\":\"part one, part two\"}", scenario("ping"));
  }

  @Test
  void clientCloseIsEchoedWith1000() throws Exception {
    serve();
    assertEquals("{\"code\":1000,\"reason\":\"\"}", scenario("clientClose"));
    assertEquals("1000 client done", serverSawClose.get(10, TimeUnit.SECONDS));
  }

  @Test
  void serverCloseReaches1000AndReason() throws Exception {
    serve();
    assertEquals("{\"code\":1000,\"reason\":\"bye\"}", scenario("serverClose"));
    assertEquals("1000 bye", serverSawClose.get(10, TimeUnit.SECONDS));
  }

  @Test
  void oversizedMessageClosesWith1009() throws Exception {
    serve(64 * 1024, TaskType.EVENT_LOOP);
    String r = scenario("oversize");
    assertTrue(r.startsWith("{\"code\":1009,"), r);
    assertTrue(serverSawClose.get(10, TimeUnit.SECONDS).startsWith("1009 message of at least"));
  }

  @Test
  void invalidUtf8AcrossFragmentsClosesWith1007() throws Exception {
    serve();
    String r = scenario("badUtf8");
    assertTrue(r.startsWith("{\"code\":1007,"), r);
  }

  @Test
  void unmaskedClientFrameClosesWith1002() throws Exception {
    serve();
    try (RawWebSocket c = new RawWebSocket(server.port())) {
      c.send(RawWebSocket.upgradeRequest("/echo", "13").getBytes(StandardCharsets.ISO_8859_1));
      assertTrue(c.readHead().startsWith("HTTP/1.1 101 "));
      c.send(frame(1, true, false, "no mask".getBytes(StandardCharsets.UTF_8)));
      RawWebSocket.Frame f = c.read();
      assertEquals(8, f.opcode());
      assertEquals(1002, f.closeCode());
      assertTrue(c.closedByServer());
    }
    assertEquals("1002 client frame not masked", serverSawClose.get(10, TimeUnit.SECONDS));
  }

  @Test
  void handshakeAnswersWithTheRfcAcceptKeyAndFramesInTheSamePacketAreRead() throws Exception {
    serve();
    try (RawWebSocket c = new RawWebSocket(server.port())) {
      byte[] req = RawWebSocket.upgradeRequest("/echo", "13").getBytes(StandardCharsets.ISO_8859_1);
      byte[] hello = frame(1, true, true, "early".getBytes(StandardCharsets.UTF_8));
      byte[] both = new byte[req.length + hello.length];
      System.arraycopy(req, 0, both, 0, req.length);
      System.arraycopy(hello, 0, both, req.length, hello.length);
      c.send(both);
      String head = c.readHead();
      assertTrue(head.contains("Sec-WebSocket-Accept: " + RawWebSocket.ACCEPT + "\r\n"), head);
      assertEquals("early", c.read().text());
    }
  }

  @Test
  void framesSentOneByteAtATimeReassemble() throws Exception {
    serve();
    try (RawWebSocket c = new RawWebSocket(server.port())) {
      c.send(RawWebSocket.upgradeRequest("/echo", "13").getBytes(StandardCharsets.ISO_8859_1));
      c.readHead();
      byte[] payload = new byte[300]; // a 16-bit length, split in two fragments with a ping between
      for (int i = 0; i < payload.length; i++) payload[i] = (byte) ('a' + i % 26);
      byte[][] frames = {
          frame(1, false, true, java.util.Arrays.copyOf(payload, 100)),
          frame(9, true, true, "p".getBytes(StandardCharsets.UTF_8)),
          frame(0, true, true, java.util.Arrays.copyOfRange(payload, 100, 300))};
      for (byte[] f : frames) for (byte b : f) c.send(new byte[] {b});
      RawWebSocket.Frame pong = c.read();
      assertEquals(10, pong.opcode());
      assertEquals("p", pong.text());
      RawWebSocket.Frame echo = c.read();
      assertEquals(1, echo.opcode());
      assertArrayEquals(payload, echo.payload());
    }
  }

  @Test
  void wrongVersionGets426AndNoUpgrade() throws Exception {
    serve();
    try (RawWebSocket c = new RawWebSocket(server.port())) {
      c.send(RawWebSocket.upgradeRequest("/echo", "8").getBytes(StandardCharsets.ISO_8859_1));
      String head = c.readHead();
      assertTrue(head.startsWith("HTTP/1.1 426 ") && head.contains("Sec-WebSocket-Version: 13"), head);
    }
  }

  @Test
  void handshakeNotFinishedInTimeGets408() throws Exception {
    serve();
    try (RawWebSocket c = new RawWebSocket(server.port())) {
      c.send("GET /echo HTTP/1.1\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertTrue(c.readHead().startsWith("HTTP/1.1 408 "));
    }
  }

  @Test
  void controlFrameOver125BytesClosesWith1002() throws Exception {
    serve();
    try (RawWebSocket c = new RawWebSocket(server.port())) {
      c.send(RawWebSocket.upgradeRequest("/echo", "13").getBytes(StandardCharsets.ISO_8859_1));
      c.readHead();
      c.send(frame(9, true, true, new byte[126]));
      assertEquals(1002, c.read().closeCode());
      assertTrue(c.closedByServer());
    }
  }
}

package io.pulse.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.ProtocolException;
import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.http.HttpCallback;
import io.pulse.testing.ExternalTool;
import io.pulse.testing.Requires;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * WebSocket edges, once per transport: onOpen sees the handshake request; allowedOrigins refuses other origins with
 * 403 (npm ws sets Origin as a browser would); subprotocols are agreed from the server's list; server shutdown says
 * 1001 Going Away; a send racing close never puts a data frame after the close frame; protocol closes reach the
 * connection's onClose as a ProtocolException.
 */
abstract class WebSocketEdgesSuite extends TransportSuiteBase {
  final CompletableFuture<String> opened = new CompletableFuture<>();
  final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
  final BlockingQueue<Throwable> connCloseErrors = new LinkedBlockingQueue<>();
  volatile Runnable onReady = () -> {};
  PulseServer server;

  PulseServer serve(HttpCallback.Builder b, WebSocketCallback ws, TaskType taskType) throws IOException {
    HttpCallback http = b.webSocket("/echo", ws).build();
    Callback<ByteBuffer> cb = new Callback<>() {
      @Override public void onOpen(Conn conn) { http.onOpen(conn); }

      @Override public void onData(Conn conn, ByteBuffer msg) { http.onData(conn, msg); }

      @Override public void onServerShutdown(Conn conn) { http.onServerShutdown(conn); }

      @Override public void onClose(Conn conn, Throwable err) {
        http.onClose(conn, err);
        connCloseErrors.add(err == null ? new AssertionError("no error") : err);
      }
    };
    server = closer.add(PulseServer.builder().transport(transport()).loops(1).taskType(taskType).callback(cb)
        .bind("127.0.0.1", 0));
    return server;
  }

  /** Echoes; records what onOpen saw; "ready" runs {@link #onReady}. */
  WebSocketCallback echo() {
    return new WebSocketCallback() {
      @Override public void onOpen(WebSocket ws) {
        opened.complete(ws.path() + "|" + ws.request().query() + "|" + ws.request().header("Origin") + "|"
            + ws.request().header("X-Test") + "|" + ws.subprotocol());
      }

      @Override public void onMessage(WebSocket ws, String text) {
        if (text.equals("ready")) onReady.run();
        else ws.send(text);
      }

      @Override public void onClose(WebSocket ws, int code, String reason) {
        closedWith.complete(code);
      }
    };
  }

  String scenario(String name, String arg) throws Exception {
    Requires.nodeModules("ws");
    ExternalTool.Result r = ExternalTool.node(25, "ws-scenarios.js", "" + server.port(), name, arg);
    assertEquals(0, r.exitCode(), "node failed: " + r.stderr() + r.stdout());
    String line = r.stdout().lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
    return line.substring("RESULT ".length());
  }

  @Test
  void anAllowedOriginOpensAndOnOpenSeesTheRequestAndTheAgreedSubprotocol() throws Exception {
    serve(HttpCallback.builder().allowedOrigins("https://good.example").subprotocols("chat.v1", "chat.v2"), echo(),
        TaskType.EVENT_LOOP);
    assertEquals("{\"opened\":true,\"protocol\":\"chat.v1\",\"echoed\":\"hello\"}",
        scenario("origin", "https://GOOD.example"));
    assertEquals("/echo|room=7|https://GOOD.example|yes|chat.v1", opened.get(10, TimeUnit.SECONDS));
  }

  @Test
  void anotherOriginGets403AndNoWebSocket() throws Exception {
    serve(HttpCallback.builder().allowedOrigins("https://good.example"), echo(), TaskType.EVENT_LOOP);
    assertEquals("{\"status\":403}", scenario("origin", "https://evil.example"));
    assertTrue(!opened.isDone(), "onOpen ran for a refused origin");
  }

  @Test
  void noSubprotocolInCommonAnswersWithoutOne() throws Exception {
    serve(HttpCallback.builder().subprotocols("other"), echo(), TaskType.EVENT_LOOP);
    try (RawWebSocket c = new RawWebSocket(server.port())) {
      String req = RawWebSocket.upgradeRequest("/echo", "13");
      req = req.substring(0, req.length() - 2) + "Sec-WebSocket-Protocol: chat.v2, chat.v1\r\n\r\n";
      c.send(req.getBytes(StandardCharsets.ISO_8859_1));
      String head = c.readHead();
      assertTrue(head.startsWith("HTTP/1.1 101 "), head);
      assertTrue(!head.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-protocol"), head);
    }
    assertEquals("/echo|null|null|null|null", opened.get(10, TimeUnit.SECONDS));
  }

  @Test
  void gracefulShutdownClosesOpenWebSocketsWith1001() throws Exception {
    goingAway(s -> s.shutdownGracefully(Duration.ofSeconds(5)), TaskType.EVENT_LOOP);
  }

  @Test
  void immediateCloseStillSends1001OnWorkerPool() throws Exception {
    goingAway(PulseServer::close, TaskType.WORKER_POOL);
  }

  @Test
  void immediateCloseStillSends1001OnTheLoop() throws Exception {
    goingAway(PulseServer::close, TaskType.EVENT_LOOP);
  }

  private void goingAway(java.util.function.Consumer<PulseServer> shutdown, TaskType taskType) throws Exception {
    serve(HttpCallback.builder(), echo(), taskType);
    onReady = () -> new Thread(() -> shutdown.accept(server), "test-shutdown").start();
    assertEquals("{\"code\":1001,\"reason\":\"server shutting down\"}", scenario("goingAway", ""));
    assertEquals(WebSocket.GOING_AWAY, closedWith.get(10, TimeUnit.SECONDS));
  }

  @Test
  void sendsRacingCloseNeverPutADataFrameAfterTheCloseFrame() throws Exception {
    BlockingQueue<WebSocket> sockets = new LinkedBlockingQueue<>();
    serve(HttpCallback.builder(), new WebSocketCallback() {
      @Override public void onOpen(WebSocket ws) { sockets.add(ws); }
    }, TaskType.EVENT_LOOP);
    byte[] payload = "data".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 25; round++) {
      try (RawWebSocket c = new RawWebSocket(server.port())) {
        c.send(RawWebSocket.upgradeRequest("/echo", "13").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(c.readHead().startsWith("HTTP/1.1 101 "));
        WebSocket ws = sockets.poll(10, TimeUnit.SECONDS);
        CountDownLatch sending = new CountDownLatch(2);
        Thread[] senders = new Thread[2];
        for (int t = 0; t < senders.length; t++) {
          senders[t] = new Thread(() -> {
            sending.countDown();
            for (int i = 0; i < 5_000 && ws.send(payload); i++) Thread.onSpinWait(); // until close, or a bound
          });
          senders[t].start();
        }
        sending.await(10, TimeUnit.SECONDS);
        ws.close(WebSocket.NORMAL, "race");
        for (Thread t : senders) t.join(10_000);
        RawWebSocket.Frame f;
        int data = 0;
        while ((f = c.read()).opcode() != 8) {
          assertEquals(2, f.opcode());
          data++;
        }
        assertEquals(1000, f.closeCode());
        c.send(RawWebSocket.frame(8, true, true, new byte[] {0x03, (byte) 0xE8})); // answer: the server closes TCP
        assertTrue(c.closedByServer(), "round " + round + ": a frame followed the close frame (after " + data + ")");
      }
    }
  }

  @Test
  void aProtocolCloseReachesTheConnectionsOnCloseAsAProtocolException() throws Exception {
    serve(HttpCallback.builder(), echo(), TaskType.EVENT_LOOP);
    try (RawWebSocket c = new RawWebSocket(server.port())) {
      c.send(RawWebSocket.upgradeRequest("/echo", "13").getBytes(StandardCharsets.ISO_8859_1));
      assertTrue(c.readHead().startsWith("HTTP/1.1 101 "));
      c.send(RawWebSocket.frame(1, true, false, "no mask".getBytes(StandardCharsets.UTF_8)));
      assertEquals(1002, c.read().closeCode());
      assertTrue(c.closedByServer());
    }
    ProtocolException e = assertInstanceOf(ProtocolException.class, connCloseErrors.poll(10, TimeUnit.SECONDS));
    assertEquals(1002, e.code());
  }
}

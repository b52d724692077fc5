package io.pulse.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.codec.FrameTooLongException;
import io.pulse.codec.Packet;
import io.pulse.codec.PacketCodec;
import io.pulse.router.Router;
import io.pulse.testing.TransportSuiteBase;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Codecs, the router and groups over real sockets, once per transport. */
abstract class FramingSuite extends TransportSuiteBase {
  final List<Throwable> closeErrors = new CopyOnWriteArrayList<>();

  /** A packet server whose handler is {@code router}, recording close errors. */
  PulseServer packetServer(Router<Packet> router, TaskType taskType) throws IOException {
    return closeLater(PulseServer.builder(new PacketCodec(1024)).transport(transport()).loops(2).taskType(taskType)
        .callback(Callback.of(null, router::onData, (c, err) -> {
          if (err != null) closeErrors.add(err);
        })).bind("127.0.0.1", 0));
  }

  /** Writes one netman frame: body length and id, 4 bytes little-endian each, then the body. */
  static void send(DataOutputStream out, int id, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.writeInt(Integer.reverseBytes(b.length));
    out.writeInt(Integer.reverseBytes(id));
    out.write(b);
    out.flush();
  }

  static Packet receive(DataInputStream in) throws IOException {
    byte[] body = new byte[Integer.reverseBytes(in.readInt())];
    int id = Integer.reverseBytes(in.readInt());
    in.readFully(body);
    return new Packet(id, body);
  }

  Socket connect(PulseServer s) throws IOException {
    Socket socket = closeLater(new Socket("127.0.0.1", s.port()));
    socket.setSoTimeout(10_000);
    return socket;
  }

  @Test
  void framesSentOneByteAtATimeArriveWhole() throws Exception {
    Router<Packet> r = Router.create(Packet::id);
    r.route(1, (c, p) -> c.writeMessage(new Packet(2, p.body())));
    PulseServer s = packetServer(r, TaskType.EVENT_LOOP);
    Socket socket = connect(s);
    socket.setTcpNoDelay(true);
    byte[] frame = java.nio.ByteBuffer.allocate(8 + 5).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(5).putInt(1)
        .put("hello".getBytes()).array();
    for (byte b : frame) {
      socket.getOutputStream().write(b);
      socket.getOutputStream().flush();
    }
    Packet p = receive(new DataInputStream(socket.getInputStream()));
    assertEquals(2, p.id());
    assertEquals("hello", new String(p.body(), StandardCharsets.UTF_8));
  }

  @Test
  void oversizedFramesCloseOnlyTheirConnection() throws Exception {
    Router<Packet> r = Router.create(Packet::id);
    r.route(1, (c, p) -> c.writeMessage(p));
    PulseServer s = packetServer(r, TaskType.EVENT_LOOP);
    Socket good = connect(s);
    Socket big = connect(s);
    Socket bad = connect(s);
    // little-endian: body length 5000 (> 1024), id 1; and a length of 0xffffffff (-1 as a signed int)
    new DataOutputStream(big.getOutputStream()).writeLong(Long.reverseBytes((1L << 32) | 5000));
    new DataOutputStream(bad.getOutputStream()).writeLong(Long.reverseBytes((1L << 32) | 0xffff_ffffL));
    assertEquals(-1, big.getInputStream().read());
    assertEquals(-1, bad.getInputStream().read());
    DataOutputStream out = new DataOutputStream(good.getOutputStream());
    send(out, 1, "still here");
    assertEquals("still here", new String(receive(new DataInputStream(good.getInputStream())).body()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (closeErrors.size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(closeErrors.stream().anyMatch(e -> e instanceof FrameTooLongException
        && e.getMessage().contains("5000") && e.getMessage().contains("1024")), closeErrors.toString());
    assertTrue(closeErrors.stream().anyMatch(e -> e instanceof FrameTooLongException
        && e.getMessage().contains("4294967295")), closeErrors.toString());
  }

  @Test
  void routerRunsGlobalThenGroupMiddlewareAndCanStopTheChain() throws Exception {
    List<String> trace = new CopyOnWriteArrayList<>();
    Router<Packet> r = Router.create(Packet::id);
    r.use((c, p, next) -> {
      trace.add("global-before-" + p.id());
      next.proceed();
      trace.add("global-after-" + p.id());
    });
    r.route(1, (c, p) -> {
      trace.add("handler-1");
      c.writeMessage(p);
    });
    r.group((c, p, next) -> {
      trace.add("group-" + p.id());
      if (new String(p.body()).equals("deny")) c.writeMessage(new Packet(99, "denied".getBytes()));
      else next.proceed();
    }).route(2, (c, p) -> {
      trace.add("handler-2");
      c.writeMessage(p);
    });
    r.notFound((c, p) -> c.writeMessage(new Packet(404, new byte[0])));
    PulseServer s = packetServer(r, TaskType.WORKER_POOL);
    Socket socket = connect(s);
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    DataInputStream in = new DataInputStream(socket.getInputStream());
    send(out, 1, "a");
    assertEquals(1, receive(in).id());
    send(out, 2, "b");
    assertEquals(2, receive(in).id());
    send(out, 2, "deny");
    assertEquals(99, receive(in).id());
    send(out, 7, "?");
    assertEquals(404, receive(in).id());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (trace.size() < 12 && System.nanoTime() < deadline) Thread.sleep(5); // "after" runs once the reply left
    assertEquals(List.of("global-before-1", "handler-1", "global-after-1",
        "global-before-2", "group-2", "handler-2", "global-after-2",
        "global-before-2", "group-2", "global-after-2",
        "global-before-7", "global-after-7"), trace);
  }

  @Test
  void unroutedMessageWithoutNotFoundClosesWithAnErrorNamingTheId() throws Exception {
    PulseServer s = packetServer(Router.create(Packet::id), TaskType.EVENT_LOOP);
    Socket socket = connect(s);
    send(new DataOutputStream(socket.getOutputStream()), 42, "x");
    assertEquals(-1, socket.getInputStream().read());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (closeErrors.isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(closeErrors.get(0).getMessage().contains("no route for message id 42"), closeErrors.toString());
  }

  @Test
  void broadcastReachesThousandConnectionsExactlyOnce() throws Exception {
    int n = 1000;
    CountDownLatch opened = new CountDownLatch(n);
    PulseServer s = closeLater(PulseServer.builder().transport(transport()).loops(2)
        .callback(Callback.of(c -> opened.countDown(), (c, d) -> { }, null)).bind("127.0.0.1", 0));
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) clients.add(connect(s));
    assertTrue(opened.await(20, TimeUnit.SECONDS));
    assertEquals(n, s.conns().broadcast("hi!".getBytes()));
    for (Socket c : clients) {
      byte[] got = c.getInputStream().readNBytes(3);
      assertEquals("hi!", new String(got));
      assertEquals(0, c.getInputStream().available(), "delivered more than once");
    }
  }

  @Test
  void groupsBroadcastToMembersAndClosedConnectionsLeave() throws Exception {
    List<Conn> conns = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> aClosed = new CompletableFuture<>();
    AtomicInteger closedCount = new AtomicInteger();
    PulseServer[] server = new PulseServer[1];
    server[0] = closeLater(PulseServer.builder().transport(transport()).loops(2)
        .callback(Callback.of(c -> {
          conns.add(c);
          server[0].conns().join("room", c);
        }, (c, d) -> { }, (c, e) -> {
          closedCount.incrementAndGet();
          aClosed.complete(null);
        })).bind("127.0.0.1", 0));
    PulseServer s = server[0];
    Socket a = connect(s);
    Socket b = connect(s);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (s.conns().members("room").size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
    assertEquals(2, s.conns().members("room").size());
    assertEquals(2, s.conns().broadcast("room", "x".getBytes()));
    assertEquals('x', a.getInputStream().read());
    assertEquals('x', b.getInputStream().read());
    Conn first = conns.get(0);
    assertEquals(first, s.conns().find(first.id()));
    a.close();
    aClosed.get(5, TimeUnit.SECONDS);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (s.conns().members("room").size() != 1 && System.nanoTime() < deadline) Thread.sleep(5);
    assertEquals(1, s.conns().members("room").size(), "a closed connection leaves its groups");
    assertEquals(1, s.conns().broadcast("room", "y".getBytes()));
    s.conns().leave("room", s.conns().members("room").iterator().next());
    assertEquals(0, s.conns().broadcast("room", "z".getBytes()));
    assertEquals(1, closedCount.get());
  }
}

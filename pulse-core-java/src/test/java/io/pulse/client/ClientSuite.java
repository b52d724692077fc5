package io.pulse.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseClient;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.testing.TransportSuiteBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** PulseClient behaviour, run once per transport. */
abstract class ClientSuite extends TransportSuiteBase {

  private PulseServer echoServer() throws IOException {
    return closeLater(PulseServer.builder().transport(transport()).loops(1)
        .callback(Callback.of((conn, data) -> conn.write(data))).bind("127.0.0.1", 0));
  }

  /** A client whose connections collect what they receive until {@code expected} bytes arrived. */
  private static final class Collector {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final CountDownLatch done = new CountDownLatch(1);
    final CountDownLatch opened = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    final int expected;

    Collector(int expected) {
      this.expected = expected;
    }

    Callback<ByteBuffer> callback() {
      return Callback.of(conn -> opened.countDown(), (conn, data) -> {
        synchronized (got) {
          while (data.hasRemaining()) got.write(data.get());
          if (got.size() >= expected) done.countDown();
        }
      }, (conn, err) -> closed.countDown());
    }
  }

  @Test
  void connectsToAPulseServerAndEchoes() throws Exception {
    PulseServer server = echoServer();
    Collector c = new Collector(100_000);
    PulseClient client = closeLater(PulseClient.builder().transport(transport()).loops(1)
        .callback(c.callback()).build());
    Conn conn = client.connect("127.0.0.1", server.port()).get(10, TimeUnit.SECONDS);
    byte[] payload = new byte[100_000];
    new Random(3).nextBytes(payload);
    assertTrue(conn.write(payload));
    assertTrue(c.done.await(10, TimeUnit.SECONDS));
    assertTrue(c.opened.await(1, TimeUnit.SECONDS));
    synchronized (c.got) {
      assertArrayEquals(payload, c.got.toByteArray());
    }
  }

  @Test
  void connectsToAJdkServerSocketByName() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Collector c = new Collector(5);
      PulseClient client = closeLater(PulseClient.builder().transport(transport()).callback(c.callback()).build());
      CompletableFuture<Conn> f = client.connect("localhost", ss.getLocalPort());
      try (Socket peer = ss.accept()) {
        Conn conn = f.get(10, TimeUnit.SECONDS);
        peer.getOutputStream().write("hello".getBytes());
        assertTrue(c.done.await(10, TimeUnit.SECONDS));
        conn.write("pong".getBytes());
        assertEquals("pong", new String(peer.getInputStream().readNBytes(4)));
        conn.close();
        assertEquals(-1, peer.getInputStream().read(), "orderly close reaches the peer as EOF");
        assertTrue(c.closed.await(10, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void refusedConnectFailsTheFutureWithoutCallbacks() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    AtomicInteger callbacks = new AtomicInteger();
    PulseClient client = closeLater(PulseClient.builder().transport(transport())
        .callback(Callback.of(c -> callbacks.incrementAndGet(), (c, d) -> callbacks.incrementAndGet(),
            (c, e) -> callbacks.incrementAndGet())).build());
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.connect("127.0.0.1", port).get(10, TimeUnit.SECONDS));
    assertInstanceOf(ConnectException.class, e.getCause(), String.valueOf(e.getCause()));
    assertEquals(0, callbacks.get());
    assertEquals(0, client.connectionCount());
  }

  @Test
  void connectTimesOutWhenTheListenQueueIsFull() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        // Never accepted: once the backlog is full the kernel drops further SYNs.
        for (int i = 0; i < 8; i++) {
          Socket s = new Socket();
          try {
            s.connect(ss.getLocalSocketAddress(), 200);
            fillers.add(s);
          } catch (SocketTimeoutException full) {
            s.close();
            break;
          }
        }
        PulseClient client = closeLater(PulseClient.builder().transport(transport())
            .connectTimeout(Duration.ofMillis(300)).callback(Callback.of((c, d) -> { })).build());
        long t0 = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> client.connect("127.0.0.1", ss.getLocalPort()).get(10, TimeUnit.SECONDS));
        assertInstanceOf(SocketTimeoutException.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("timed out after 300 ms"), e.getCause().getMessage());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(250));
      } finally {
        for (Socket s : fillers) s.close();
      }
    }
  }

  @Test
  void unknownHostFailsTheFuture() {
    PulseClient client = closeLater(build(Callback.of((c, d) -> { })));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.connect("no-such-host.invalid", 80).get(20, TimeUnit.SECONDS));
    assertInstanceOf(java.net.UnknownHostException.class, e.getCause());
  }

  private PulseClient build(Callback<ByteBuffer> cb) {
    try {
      return PulseClient.builder().transport(transport()).loops(2).callback(cb).build();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void connectsOverIpv6Loopback() throws Exception {
    PulseServer server;
    try {
      server = closeLater(PulseServer.builder().transport(transport()).loops(1)
          .callback(Callback.of((conn, data) -> conn.write(data))).bind("::1", 0));
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback here: " + e);
      return;
    }
    Collector c = new Collector(3);
    PulseClient client = closeLater(build(c.callback()));
    Conn conn = client.connect("::1", server.port()).get(10, TimeUnit.SECONDS);
    assertTrue(((InetSocketAddress) conn.remoteAddress()).getAddress() instanceof java.net.Inet6Address);
    conn.write("abc".getBytes());
    assertTrue(c.done.await(10, TimeUnit.SECONDS));
  }

  @Test
  void thousandConnectionsAtOnce() throws Exception {
    PulseServer server = echoServer();
    int n = 1000;
    CountDownLatch echoed = new CountDownLatch(n);
    PulseClient client = closeLater(build(Callback.of(conn -> conn.write(new byte[] {42}),
        (conn, data) -> echoed.countDown(), null)));
    List<CompletableFuture<Conn>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) fs.add(client.connect("127.0.0.1", server.port()));
    CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
    assertTrue(echoed.await(20, TimeUnit.SECONDS), "echoes missing: " + echoed.getCount());
    assertEquals(n, client.connectionCount());
  }

  @Test
  void connectAndCloseThousandTimesLeaksNoFds() throws Exception {
    PulseServer server = echoServer();
    PulseClient client = closeLater(build(Callback.of((c, d) -> { })));
    for (int i = 0; i < 20; i++) client.connect("127.0.0.1", server.port()).get(10, TimeUnit.SECONDS).close();
    awaitCount(client, 0);
    long before = io.pulse.testing.Fds.count();
    for (int i = 0; i < 1000; i++) {
      Conn c = client.connect("127.0.0.1", server.port()).get(10, TimeUnit.SECONDS);
      c.close();
    }
    awaitCount(client, 0);
    awaitCount(server, 0);
    io.pulse.testing.Fds.awaitAtMost(before, Duration.ofSeconds(10));
  }

  @Test
  void takesOverAConnectedSocketChannel() throws Exception {
    PulseServer server = echoServer();
    Collector c = new Collector(4);
    PulseClient client = closeLater(build(c.callback()));
    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
    Conn conn = client.register(ch).get(10, TimeUnit.SECONDS);
    conn.write("ping".getBytes());
    assertTrue(c.done.await(10, TimeUnit.SECONDS));
    synchronized (c.got) {
      assertEquals("ping", c.got.toString());
    }
    conn.close();
    assertTrue(c.closed.await(10, TimeUnit.SECONDS));
  }

  @Test
  void takesOverARawConnectedFdOnNativeTransports() throws Exception {
    assumeTrue(transport() != Transport.NIO, "raw fds need a native transport");
    PulseServer server = echoServer();
    Collector c = new Collector(4);
    PulseClient client = closeLater(build(c.callback()));
    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
    int fd = io.pulse.core.Poller.fdOf(ch);
    int dup = io.pulse.internal.unix.LibC.fcntl(fd, 1030 /* F_DUPFD_CLOEXEC */, 0);
    ch.close(); // the duplicate keeps the connection; Pulse owns it from here
    Conn conn = client.register(dup).get(10, TimeUnit.SECONDS);
    conn.write("pong".getBytes());
    assertTrue(c.done.await(10, TimeUnit.SECONDS));
    synchronized (c.got) {
      assertEquals("pong", c.got.toString());
    }
  }

  @Test
  void registeringANonSocketFdFailsTheFuture() {
    assumeTrue(transport() != Transport.NIO, "raw fds need a native transport");
    PulseClient client = closeLater(build(Callback.of((c, d) -> { })));
    ExecutionException e = assertThrows(ExecutionException.class, () -> client.register(0).get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
  }

  @Test
  void clientAttachedToAServerSharesItsLoopsAndClosesWithIt() throws Exception {
    PulseServer server = PulseServer.builder().transport(transport()).loops(1)
        .callback(Callback.of((conn, data) -> conn.write(data))).bind("127.0.0.1", 0);
    Collector c = new Collector(2);
    PulseClient client = PulseClient.builder().attach(server).callback(c.callback()).build();
    assertEquals(server.transport(), client.transport());
    Conn conn = client.connect("127.0.0.1", server.port()).get(10, TimeUnit.SECONDS);
    conn.write("hi".getBytes());
    assertTrue(c.done.await(10, TimeUnit.SECONDS));
    server.close();
    assertTrue(c.closed.await(10, TimeUnit.SECONDS), "closing the server closes the attached client's conns");
    assertEquals(0, client.connectionCount());
  }

  private static void awaitCount(Object endpoint, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count(endpoint) != n) {
      assertTrue(System.nanoTime() < deadline, "connections: " + count(endpoint) + ", want " + n);
      Thread.sleep(10); // polling a counter with a deadline, not synchronising on time
    }
  }

  private static int count(Object endpoint) {
    return endpoint instanceof PulseServer
        ? ((PulseServer) endpoint).connectionCount() : ((PulseClient) endpoint).connectionCount();
  }

  /** Reads all of {@code in} (test helper). */
  static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}

package io.pulse.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseClient;
import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.testing.Closer;
import io.pulse.testing.Fds;
import io.pulse.testing.Requires;
import io.pulse.testing.Threads;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server's life seen from user code: a callback reaches its server, closes or shuts it down from inside
 * (returning promptly, the loop never joining itself, everything released), a main awaits termination, and the
 * connection manager visits every open connection.
 */
class LifecycleTest {
  private final Closer closer = new Closer();

  @AfterEach
  void closeAll() throws Exception {
    closer.close();
  }

  static Stream<Arguments> transportsAndModes() {
    return Stream.of(Transport.EPOLL, Transport.NIO, Transport.IO_URING)
        .flatMap(t -> Stream.of(TaskType.values()).map(m -> Arguments.of(t, m)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transportsAndModes")
  void closeFromInsideACallbackReturnsPromptlyAndReleasesEverything(Transport t, TaskType mode) throws Exception {
    Requires.transport(t);
    long fdsBefore = Fds.count();
    List<String> threadsBefore = Threads.pulseThreads();
    CompletableFuture<Long> closeMillis = new CompletableFuture<>();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    PulseServer s = PulseServer.builder().transport(t).taskType(mode).loops(2)
        .callback(Callback.<ByteBuffer>of(c -> { }, (conn, data) -> {
          long start = System.nanoTime();
          conn.server().close(); // on the loop (EVENT_LOOP) or a worker / per-connection thread
          closeMillis.complete((System.nanoTime() - start) / 1_000_000);
        }, (conn, err) -> closed.complete(err)))
        .bind("127.0.0.1", 0);
    try (Socket socket = new Socket("127.0.0.1", s.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write('x');
      assertTrue(closeMillis.get(10, TimeUnit.SECONDS) < 1_000, "close() inside a callback took "
          + closeMillis.get() + " ms");
      assertTrue(s.awaitTermination(Duration.ofSeconds(10)), "the server never terminated");
      closed.get(5, TimeUnit.SECONDS); // the connection got its onClose
      assertEquals(-1, socket.getInputStream().read(), "the connection was closed");
    }
    assertEquals(0, s.connectionCount());
    awaitThreadsBackTo(threadsBefore);
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(10));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transportsAndModes")
  void shutdownGracefullyFromACallbackStillDeliversTheReplyAndTerminates(Transport t, TaskType mode)
      throws Exception {
    Requires.transport(t);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    PulseServer s = PulseServer.builder().transport(t).taskType(mode).loops(1)
        .callback(Callback.<ByteBuffer>of((conn, data) -> {
          conn.write("bye".getBytes());
          result.complete(conn.server().shutdownGracefully(Duration.ofSeconds(5)));
        }))
        .bind("127.0.0.1", 0);
    try (Socket socket = new Socket("127.0.0.1", s.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write('x');
      assertFalse(result.get(5, TimeUnit.SECONDS), "from a callback it cannot wait, so it returns false at once");
      InputStream in = socket.getInputStream();
      assertEquals("bye", new String(in.readNBytes(3)));
      assertEquals(-1, in.read());
      assertTrue(s.awaitTermination(Duration.ofSeconds(10)));
    }
  }

  @Test
  void awaitTerminationBlocksUntilAnotherThreadCloses() throws Exception {
    PulseServer s = closer.add(PulseServer.builder().loops(1).callback(Callback.of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0));
    assertFalse(s.awaitTermination(Duration.ofMillis(20)), "still running");
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
      try {
        s.awaitTermination();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, r -> new Thread(r, "waiter").start());
    assertFalse(waiter.isDone());
    s.close();
    waiter.get(10, TimeUnit.SECONDS);
    assertTrue(s.awaitTermination(Duration.ZERO));
  }

  @Test
  void aClientClosedFromItsOwnCallbackReturnsPromptly() throws Exception {
    PulseServer s = closer.add(PulseServer.builder().loops(1).callback(Callback.of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0));
    java.util.concurrent.atomic.AtomicReference<PulseClient> self = new java.util.concurrent.atomic.AtomicReference<>();
    CompletableFuture<Long> closeMillis = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    PulseClient client = PulseClient.builder().callback(Callback.<ByteBuffer>of(c -> { }, (c, d) -> {
      long start = System.nanoTime();
      self.get().close(); // on the client's own loop
      closeMillis.complete((System.nanoTime() - start) / 1_000_000);
    }, (c, err) -> closed.complete(null))).build();
    self.set(client);
    client.connect("127.0.0.1", s.port()).get(10, TimeUnit.SECONDS).write(new byte[] {1});
    assertTrue(closeMillis.get(10, TimeUnit.SECONDS) < 1_000, "close() took " + closeMillis.get() + " ms");
    closed.get(10, TimeUnit.SECONDS);
    assertEquals(0, client.connectionCount());
  }

  @Test
  void aDatagramEndpointCanBeAwaitedUntilClosed() throws Exception {
    io.pulse.PulseDatagram d = io.pulse.PulseDatagram.builder().loops(1).callback((ep, p, from) -> { })
        .bind("127.0.0.1", 0);
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
      try {
        d.awaitTermination();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, r -> new Thread(r, "udp-waiter").start());
    assertFalse(waiter.isDone());
    d.close();
    waiter.get(10, TimeUnit.SECONDS);
  }

  @Test
  void eachConnectionKnowsItsServerFromOnOpenAndAClientsDoNot() throws Exception {
    CompletableFuture<PulseServer> seen = new CompletableFuture<>();
    PulseServer s = closer.add(PulseServer.builder().loops(1)
        .callback(Callback.<ByteBuffer>of(c -> seen.complete(c.server()), (c, d) -> { }, null))
        .bind("127.0.0.1", 0));
    PulseClient client = closer.add(PulseClient.builder().callback(Callback.of((c, d) -> { })).build());
    Conn out = client.connect("127.0.0.1", s.port()).get(10, TimeUnit.SECONDS);
    assertSame(s, seen.get(10, TimeUnit.SECONDS));
    assertNull(out.server(), "a client's connection has no server");
  }

  @Test
  void connManagerVisitsEveryOpenConnection() throws Exception {
    Set<Long> opened = ConcurrentHashMap.newKeySet();
    PulseServer s = closer.add(PulseServer.builder().loops(2)
        .callback(Callback.<ByteBuffer>of(c -> opened.add(c.id()), (c, d) -> { }, null))
        .bind("127.0.0.1", 0));
    for (int i = 0; i < 5; i++) closer.add(new Socket("127.0.0.1", s.port()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (opened.size() < 5) {
      assertTrue(System.nanoTime() < deadline, opened.size() + " of 5 opened");
      Thread.sleep(5);
    }
    Set<Long> visited = new HashSet<>();
    s.conns().forEach(c -> visited.add(c.id()));
    assertEquals(opened, visited);
  }

  @Test
  void nullDurationsAreRejectedWithTheOptionsName() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> PulseServer.builder().idleTimeout(null));
    assertTrue(e.getMessage().contains("idleTimeout"), e.getMessage());
    e = assertThrows(NullPointerException.class, () -> PulseServer.builder().tlsHandshakeTimeout(null));
    assertTrue(e.getMessage().contains("tlsHandshakeTimeout"), e.getMessage());
    e = assertThrows(NullPointerException.class, () -> PulseClient.builder().connectTimeout(null));
    assertTrue(e.getMessage().contains("connectTimeout"), e.getMessage());
    IllegalStateException noCallback = assertThrows(IllegalStateException.class,
        () -> PulseServer.builder().bind("127.0.0.1", 0));
    assertTrue(noCallback.getMessage().contains("callback(...)"), noCallback.getMessage());
  }

  private static void awaitThreadsBackTo(List<String> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<String> now = Threads.pulseThreads();
      now.removeAll(before);
      if (now.isEmpty()) return;
      assertTrue(System.nanoTime() < deadline, "threads left: " + now);
      Thread.sleep(10);
    }
  }
}

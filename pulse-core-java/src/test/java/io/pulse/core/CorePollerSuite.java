package io.pulse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw io.pulse.core API over real sockets, once per transport. */
abstract class CorePollerSuite extends TransportSuiteBase {
  Poller poller;
  ServerSocketChannel listener;
  final List<SocketChannel> channels = new ArrayList<>();

  @BeforeEach
  void open() throws IOException {
    poller = Poller.open(transport(), TriggerType.LEVEL);
    listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    listener.configureBlocking(false);
  }

  @AfterEach
  void close() throws IOException {
    if (poller != null) poller.close();
    if (listener != null) listener.close();
    for (SocketChannel c : channels) c.close();
  }

  /** A connected pair: (client, accepted server side), both non-blocking. */
  SocketChannel[] pair() throws IOException {
    SocketChannel client = SocketChannel.open(listener.getLocalAddress());
    SocketChannel server;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((server = listener.accept()) == null) {
      assertTrue(System.nanoTime() < deadline, "accept timed out");
    }
    client.configureBlocking(false);
    server.configureBlocking(false);
    channels.add(client);
    channels.add(server);
    return new SocketChannel[] {client, server};
  }

  /** Polls (bounded) until {@code key} is reported; returns the ops. */
  int awaitReady(Key key) throws IOException {
    int[] ops = {0};
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ops[0] == 0 && System.nanoTime() < deadline) {
      poller.poll(100, (k, o, err) -> {
        if (k == key) ops[0] |= o;
      });
    }
    return ops[0];
  }

  @Test
  void reportsAcceptReadAndWriteReadiness() throws IOException {
    Key acceptKey = poller.register(listener, Poller.READ, "listener");
    SocketChannel client = SocketChannel.open(listener.getLocalAddress());
    channels.add(client);
    assertEquals(Poller.READ, awaitReady(acceptKey));
    acceptKey.cancel();
    SocketChannel server = listener.accept();
    server.configureBlocking(false);
    channels.add(server);
    Key k = poller.register(server, Poller.READ | Poller.WRITE, "conn");
    assertSame("conn", k.attachment());
    assertEquals(Poller.WRITE, awaitReady(k) & Poller.WRITE);
    k.interest(Poller.READ);
    client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertEquals(Poller.READ, awaitReady(k));
    ByteBuffer b = ByteBuffer.allocate(8);
    assertEquals(3, server.read(b));
  }

  @Test
  void noInterestMeansNoReportsAndCancelStopsThem() throws IOException {
    SocketChannel[] p = pair();
    Key k = poller.register(p[1], 0, null);
    p[0].write(ByteBuffer.wrap(new byte[] {9}));
    int[] seen = {0};
    poller.poll(200, (key, ops, err) -> seen[0]++);
    assertEquals(0, seen[0], "no interest, no report");
    k.interest(Poller.READ);
    assertEquals(Poller.READ, awaitReady(k));
    k.cancel();
    poller.poll(100, (key, ops, err) -> seen[0]++);
    assertEquals(0, seen[0], "cancelled keys are not reported");
  }

  @Test
  void wakeupFromAnotherThreadEndsABlockedPoll() throws Exception {
    CountDownLatch polling = new CountDownLatch(1);
    Thread waker = new Thread(() -> {
      try {
        polling.await();
        Thread.sleep(50); // let poll block first; the assertion below does not depend on it
      } catch (InterruptedException e) {
        return;
      }
      poller.wakeup();
    });
    waker.start();
    long t0 = System.nanoTime();
    polling.countDown();
    poller.poll(10_000, (k, o, e) -> { });
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "wakeup did not end the poll");
    waker.join();
  }

  @Test
  void pollWithATimeoutReturnsNothingWhenNothingIsReady() throws IOException {
    long t0 = System.nanoTime();
    assertEquals(0, poller.poll(100, (k, o, e) -> { }));
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(80));
  }

  @Test
  void misuseFailsClearly() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> poller.register(listener, 8, null));
    SocketChannel blocking = SocketChannel.open();
    channels.add(blocking);
    assertThrows(IllegalArgumentException.class, () -> poller.register(blocking, Poller.READ, null));
    Thread t = new Thread(() -> {
      for (;;) { // retry until this thread is the one inside a long poll
        try {
          poller.poll(3_000, (k, o, e) -> { });
          return;
        } catch (IllegalStateException busy) {
          Thread.onSpinWait();
        } catch (IOException ignored) {
          return;
        }
      }
    });
    SocketChannel[] p = pair();
    Key k = poller.register(p[1], Poller.READ, null);
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    IllegalStateException twice = null;
    while (twice == null && System.nanoTime() < deadline) {
      try {
        poller.poll(0, (kk, o, e) -> { });
        Thread.sleep(1); // leave the poller free so the other thread can get into its long poll
      } catch (IllegalStateException e) {
        twice = e;
      }
    }
    assertTrue(twice != null && twice.getMessage().contains("two threads"), String.valueOf(twice));
    poller.wakeup();
    t.join(5_000);
    poller.close();
    assertThrows(IllegalStateException.class, () -> poller.poll(0, (kk, o, e) -> { }));
    assertThrows(IllegalStateException.class, () -> k.interest(Poller.WRITE));
  }
}

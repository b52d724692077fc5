package io.pulse.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.LoopSelector;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How each LoopSelector spreads 300 connections over 3 loops, once per transport. */
abstract class LoopSelectionSuite extends TransportSuiteBase {
  private static final int LOOPS = 3;
  private final List<Socket> sockets = new ArrayList<>();
  private PulseServer server;
  /** Loop thread name by client address ("ip:port"). */
  private final Map<String, String> loopOf = new ConcurrentHashMap<>();

  @AfterEach
  void close() throws IOException {
    for (Socket s : sockets) s.close();
    if (server != null) server.close();
  }

  private void start(LoopSelector selector) throws IOException {
    Callback<java.nio.ByteBuffer> cb = Callback.of(c -> {
      InetSocketAddress r = (InetSocketAddress) c.remoteAddress();
      loopOf.put(r.getAddress().getHostAddress() + ":" + r.getPort(), Thread.currentThread().getName());
      c.write(new byte[] {1});
    }, (c, d) -> { }, null);
    PulseServer.Builder<java.nio.ByteBuffer> b = PulseServer.builder().transport(transport()).loops(LOOPS).callback(cb);
    if (selector != null) b.loopSelector(selector);
    server = b.bind("0.0.0.0", 0);
  }

  /** Connects from {@code from} and waits until the server has opened (and greeted) the connection. */
  private Socket connect(String from) throws IOException {
    Socket s = new Socket(InetAddress.getByName(from), server.port(), InetAddress.getByName(from), 0);
    s.setSoTimeout(10_000);
    assertEquals(1, s.getInputStream().read());
    sockets.add(s);
    return s;
  }

  private static String key(Socket s) {
    return s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort();
  }

  private Map<String, Integer> counts() {
    Map<String, Integer> m = new ConcurrentHashMap<>();
    loopOf.values().forEach(l -> m.merge(l, 1, Integer::sum));
    return m;
  }

  @Test
  void roundRobinSpreadsExactlyEvenly() throws IOException {
    start(null);
    for (int i = 0; i < 300; i++) connect("127.0.0.1");
    assertEquals(Map.of("pulse-loop-0", 100, "pulse-loop-1", 100, "pulse-loop-2", 100), counts());
  }

  @Test
  void hashingKeepsAnAddressOnOneLoop() throws IOException {
    start(LoopSelector.hashRemoteAddress());
    for (int i = 0; i < 100; i++) {
      for (String ip : new String[] {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) connect(ip);
    }
    for (String ip : new String[] {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) {
      long loops = sockets.stream().filter(s -> s.getLocalAddress().getHostAddress().equals(ip))
          .map(s -> loopOf.get(key(s))).distinct().count();
      assertEquals(1, loops, ip + " landed on several loops");
    }
    assertEquals(300, loopOf.size());
  }

  @Test
  void leastConnectionsRefillsTheLoopWhoseConnectionsClosed() throws Exception {
    start(LoopSelector.leastConnections());
    for (int i = 0; i < 300; i++) connect("127.0.0.1");
    assertEquals(Map.of("pulse-loop-0", 100, "pulse-loop-1", 100, "pulse-loop-2", 100), counts());
    // Close the 100 connections of loop 0; the next 100 must all go there.
    List<Socket> onZero = new ArrayList<>();
    for (Socket s : sockets) if ("pulse-loop-0".equals(loopOf.get(key(s)))) onZero.add(s);
    for (Socket s : onZero) {
      loopOf.remove(key(s)); // before close: a closed socket forgets its local address
      s.close();
    }
    sockets.removeAll(onZero);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.connectionCount() != 200) {
      assertTrue(System.nanoTime() < deadline, "still open: " + server.connectionCount());
      Thread.sleep(5); // polling a counter against a deadline
    }
    for (int i = 0; i < 100; i++) connect("127.0.0.1");
    assertEquals(Map.of("pulse-loop-0", 100, "pulse-loop-1", 100, "pulse-loop-2", 100), counts());
  }

  @Test
  void aCustomSelectorIsOneMethod() throws IOException {
    CountDownLatch asked = new CountDownLatch(10);
    start((remote, open) -> {
      asked.countDown();
      return 2;
    });
    for (int i = 0; i < 10; i++) connect("127.0.0.1");
    assertEquals(0, asked.getCount());
    assertEquals(Map.of("pulse-loop-2", 10), counts());
  }
}

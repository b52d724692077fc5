package io.pulse.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.testing.Await;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers that leave badly: reset mid-stream, half-close, or vanish with their process (killed) or go silent without
 * a FIN (their process stopped). Each time the server frees every connection, calls onClose once for each, and
 * serves a new client at once.
 */
@Tag("reliability")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbruptPeersTest {
  private static final Logger log = LoggerFactory.getLogger(AbruptPeersTest.class);
  /** A new client must get its echo within this, right after the storm. */
  static final long PROBE_LIMIT_MILLIS = 2_000;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#transportsAndModes")
  void thousandClientsResettingMidStreamAreAllFreed(Setup setup) throws Exception {
    setup.assumeAvailable();
    int clients = 1_000;
    CountingCallback cb = new CountingCallback();
    try (PulseServer server = setup.server().callback(cb).bind("127.0.0.1", 0)) {
      List<SocketChannel> chans = new ArrayList<>();
      try {
        for (int i = 0; i < clients; i++) {
          SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
          ch.configureBlocking(false);
          chans.add(ch);
        }
        Await.until(() -> server.connectionCount() == clients, Duration.ofSeconds(20),
            () -> server.connectionCount() + " of " + clients + " connected");
        ByteBuffer data = ByteBuffer.allocate(64 * 1024);
        for (SocketChannel ch : chans) {
          data.clear();
          ch.write(data); // what fits; the server is reading and echoing it when the reset comes
          ch.setOption(StandardSocketOptions.SO_LINGER, 0);
          ch.close(); // RST
        }
      } finally {
        for (SocketChannel ch : chans) ch.close();
      }
      assertAllFreed(server, cb, clients);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#transportsAndModes")
  void halfClosingClientsGetTheirWholeEchoThenAreFreed(Setup setup) throws Exception {
    setup.assumeAvailable();
    int clients = 200;
    CountingCallback cb = new CountingCallback();
    try (PulseServer server = setup.server().callback(cb).bind("127.0.0.1", 0)) {
      List<Socket> sockets = new ArrayList<>();
      List<byte[]> sent = new ArrayList<>();
      Random random = new Random(11);
      try {
        for (int i = 0; i < clients; i++) {
          Socket s = new Socket("127.0.0.1", server.port());
          s.setSoTimeout(15_000);
          byte[] payload = new byte[1 + random.nextInt(16 * 1024)];
          random.nextBytes(payload);
          s.getOutputStream().write(payload);
          s.shutdownOutput(); // FIN: the server echoes what it has, then closes its side
          sockets.add(s);
          sent.add(payload);
        }
        for (int i = 0; i < clients; i++) {
          assertArrayEquals(sent.get(i), sockets.get(i).getInputStream().readAllBytes(), "echo of client " + i);
        }
      } finally {
        for (Socket s : sockets) s.close();
      }
      awaitAllFreed(server, cb, clients);
      assertEquals(clients, cb.cleanCloses.get(), "orderly closes after a half-close: " + cb);
      assertServesANewClient(server, cb, clients);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#transports")
  void killedPeerProcessFreesEveryConnection(Setup setup) throws Exception {
    setup.assumeAvailable();
    int clients = 300;
    CountingCallback cb = new CountingCallback();
    try (PulseServer server = setup.server().callback(cb).bind("127.0.0.1", 0);
        ChildJvm holder = ChildJvm.start(ConnectionHolder.class, 0, List.of("-Xmx64m"),
            List.of(Integer.toString(server.port()), Integer.toString(clients), Integer.toString(256 * 1024)))) {
      holder.awaitLine(0, l -> l.startsWith("holding"), Duration.ofSeconds(30));
      Await.until(() -> server.connectionCount() == clients, Duration.ofSeconds(10),
          () -> server.connectionCount() + " of " + clients + " connected");
      holder.signal("KILL"); // the kernel closes its sockets: the peer is gone mid-stream
      assertAllFreed(server, cb, clients);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#transports")
  void stoppedPeerProcessSendsNoFinAndIsClosedByTheIdleTimeout(Setup setup) throws Exception {
    setup.assumeAvailable();
    int clients = 300;
    CountingCallback cb = new CountingCallback();
    Duration idle = Duration.ofSeconds(1);
    try (PulseServer server = setup.server().idleTimeout(idle).callback(cb).bind("127.0.0.1", 0);
        ChildJvm holder = ChildJvm.start(ConnectionHolder.class, 0, List.of("-Xmx64m"),
            List.of(Integer.toString(server.port()), Integer.toString(clients), "1024"))) {
      holder.awaitLine(0, l -> l.startsWith("holding"), Duration.ofSeconds(30));
      holder.signal("STOP"); // its sockets stay open: no FIN, no RST, no more data
      long stoppedAt = System.nanoTime();
      awaitAllFreed(server, cb, clients);
      long tookMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
      assertEquals(clients, cb.errorCount("ConnTimeoutException"), "idle timeouts: " + cb);
      assertTrue(holder.isAlive(), "the silent peer's process still holds its sockets");
      log.info("{}: {} silent peers closed by a {} idle timeout within {} ms of going silent", setup, clients, idle,
          tookMillis);
      assertTrue(tookMillis < idle.toMillis() + 5_000, "closed " + tookMillis + " ms after the peer went silent");
      assertServesANewClient(server, cb, clients);
    }
  }

  /** Every connection closed once and counted; then a new client is echoed promptly. */
  private static void assertAllFreed(PulseServer server, CountingCallback cb, int clients) throws Exception {
    awaitAllFreed(server, cb, clients);
    assertServesANewClient(server, cb, clients);
  }

  private static void awaitAllFreed(PulseServer server, CountingCallback cb, int clients) throws Exception {
    Await.until(() -> server.connectionCount() == 0 && cb.closes.get() == clients, Duration.ofSeconds(20),
        () -> server.connectionCount() + " still open; " + cb + "; " + server.stats());
    assertEquals(clients, cb.opens.get(), "opens");
    assertEquals(clients, server.stats().accepted(), "accepted");
    assertEquals(clients, server.stats().closed(), "closed");
  }

  private static void assertServesANewClient(PulseServer server, CountingCallback cb, int clients) throws Exception {
    long probe = Probe.echoMillis(server.port());
    log.info("{} connections freed ({}); a new client was echoed in {} ms", clients, cb, probe);
    assertTrue(probe < PROBE_LIMIT_MILLIS, "a new client waited " + probe + " ms");
  }
}

package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulse.DatagramCallback;
import io.pulse.PulseDatagram;
import io.pulse.internal.datagram.DatagramImpl;
import io.pulse.testing.Await;
import io.pulse.testing.Fds;
import io.pulse.testing.Threads;
import io.pulse.testing.Requires;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * UDP endpoints: echo of 10,000 datagrams with counts, oversized datagrams dropped and counted, SO_REUSEPORT
 * spreading over loops, a bounded send queue refusing (never losing) what it cannot take, multicast join/leave on
 * loopback, and release of fds and threads on close. Peers are JDK DatagramChannels.
 */
abstract class UdpSuite extends PulseSuite {
  static final DatagramCallback ECHO = (ep, packet, sender) -> ep.send(packet, sender);

  PulseDatagram.Builder udp() {
    return PulseDatagram.builder().transport(transport()).triggerType(trigger);
  }

  PulseDatagram startUdp(PulseDatagram.Builder b) throws IOException {
    return closeLater(b.bind("127.0.0.1", 0));
  }

  /** A blocking JDK datagram socket on 127.0.0.1 with a receive timeout (through a worker read). */
  DatagramChannel peer() throws IOException {
    DatagramChannel ch = closeLater(DatagramChannel.open(StandardProtocolFamily.INET));
    ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
    ch.bind(new InetSocketAddress("127.0.0.1", 0));
    ch.socket().setSoTimeout(CLIENT_TIMEOUT_MILLIS);
    return ch;
  }

  /** Receives one datagram with the socket's timeout (DatagramSocket view honours SO_TIMEOUT). */
  static byte[] receive(DatagramChannel ch) throws IOException {
    java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[65536], 65536);
    ch.socket().receive(p);
    return java.util.Arrays.copyOf(p.getData(), p.getLength());
  }

  @Test
  void echoesTenThousandDatagramsAndCountsThem() throws Exception {
    PulseDatagram d = startUdp(udp().callback(ECHO));
    DatagramChannel c = peer();
    InetSocketAddress server = d.localAddress();
    int total = 10_000, window = 64, sent = 0, got = 0;
    ByteBuffer out = ByteBuffer.allocate(64);
    while (got < total) {
      while (sent < total && sent - got < window) {
        out.clear().putInt(sent).put(new byte[28]).flip();
        c.send(out, server);
        sent++;
      }
      byte[] echo;
      try {
        echo = receive(c);
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("no echo for datagram " + got + " of " + sent + " sent; endpoint in "
            + d.datagramsIn() + ", out " + d.datagramsOut() + ", refused " + d.refusedSends(), e);
      }
      assertEquals(32, echo.length);
      assertEquals(got, ByteBuffer.wrap(echo).getInt(), "datagram order on loopback");
      got++;
    }
    assertEquals(total, got);
    Await.until(() -> d.datagramsIn() == total && d.datagramsOut() == total, Duration.ofSeconds(5),
        () -> "in " + d.datagramsIn() + " out " + d.datagramsOut());
    assertEquals(0, d.droppedOversized());
    assertEquals(0, d.refusedSends());
  }

  @Test
  void keepsReceivingAfterGarbageCollection() throws Exception {
    // The native receive path's off-heap structures must stay reachable: a freed iovec made recvmmsg fail (EINVAL).
    PulseDatagram d = startUdp(udp().callback(ECHO));
    DatagramChannel c = peer();
    for (int round = 0; round < 3; round++) {
      System.gc();
      byte[][] churn = new byte[256][];
      for (int i = 0; i < churn.length; i++) churn[i] = new byte[64 * 1024];
      System.gc();
      Thread.sleep(50); // let the reference handler run cleaners of unreachable direct buffers
      for (int i = 0; i < 200; i++) {
        c.send(ByteBuffer.wrap(new byte[] {(byte) i}), d.localAddress());
        assertArrayEquals(new byte[] {(byte) i}, receive(c), "round " + round + ", datagram " + i);
      }
    }
  }

  @Test
  void secondEndpointOnTheSamePortFailsWithoutReusePort() throws Exception {
    PulseDatagram d = startUdp(udp().callback(ECHO));
    java.net.BindException e = org.junit.jupiter.api.Assertions.assertThrows(java.net.BindException.class,
        () -> closeLater(udp().callback(ECHO).bind("127.0.0.1", d.port())));
    assertTrue(e.getMessage().contains("in use"), e.getMessage());
  }

  @Test
  void echoesOverIpv6Loopback() throws Exception {
    assumeTrue(ListenSuite.ipv6Loopback(), "no IPv6 loopback");
    PulseDatagram d = closeLater(udp().callback(ECHO).bind("::1", 0));
    DatagramChannel c = closeLater(DatagramChannel.open(StandardProtocolFamily.INET6));
    c.bind(new InetSocketAddress("::1", 0));
    c.socket().setSoTimeout(CLIENT_TIMEOUT_MILLIS);
    for (int i = 0; i < 100; i++) {
      c.send(ByteBuffer.wrap(new byte[] {(byte) i, 1, 2}), d.localAddress());
      assertArrayEquals(new byte[] {(byte) i, 1, 2}, receive(c));
    }
    Await.until(() -> d.datagramsOut() == 100, Duration.ofSeconds(5), () -> "out " + d.datagramsOut());
  }

  @Test
  void oversizedDatagramIsDroppedAndCounted() throws Exception {
    PulseDatagram d = startUdp(udp().maxDatagramSize(100).callback(ECHO));
    DatagramChannel c = peer();
    c.send(ByteBuffer.wrap(new byte[101]), d.localAddress()); // one byte over
    c.send(ByteBuffer.wrap(new byte[5000]), d.localAddress()); // far over
    byte[] fits = new byte[100];
    fits[99] = 42;
    c.send(ByteBuffer.wrap(fits), d.localAddress());
    assertArrayEquals(fits, receive(c), "only the datagram that fits comes back");
    assertEquals(2, d.droppedOversized());
    assertEquals(1, d.datagramsIn());
  }

  @Test
  void twoLoopsShareAPortWithReusePortAndBothReceive() throws Exception {
    PulseDatagram d = startUdp(udp().loops(2).reusePort(true).callback(ECHO));
    List<DatagramChannel> peers = new ArrayList<>();
    for (int i = 0; i < 32; i++) peers.add(peer()); // the kernel spreads by source address and port
    for (DatagramChannel p : peers) p.send(ByteBuffer.wrap(new byte[] {1}), d.localAddress());
    for (DatagramChannel p : peers) assertArrayEquals(new byte[] {1}, receive(p));
    long[] perLoop = ((DatagramImpl) d).datagramsInPerLoop();
    assertEquals(32, perLoop[0] + perLoop[1]);
    assertTrue(perLoop[0] > 0 && perLoop[1] > 0, "both loops received: " + perLoop[0] + "/" + perLoop[1]);
  }

  @Test
  void fullSendQueueRefusesAndNothingAcceptedIsLost() throws Exception {
    PulseDatagram d = startUdp(udp().maxQueuedSends(1).callback((ep, p, s) -> { }));
    DatagramChannel c = peer();
    int attempts = 200, accepted = 0;
    ByteBuffer b = ByteBuffer.wrap(new byte[8]);
    for (int i = 0; i < attempts; i++) if (d.send(b, (InetSocketAddress) c.getLocalAddress())) accepted++;
    assertTrue(accepted > 0, "some sends accepted");
    for (int i = 0; i < accepted; i++) assertEquals(8, receive(c).length, "accepted datagram " + i + " arrived");
    int ok = accepted;
    Await.until(() -> d.datagramsOut() == ok, Duration.ofSeconds(5), () -> "out " + d.datagramsOut());
    assertEquals(attempts - accepted, d.refusedSends(), "every refusal counted");
  }

  @Test
  void sendFromCallbackAndForeignThreadKeepsTheBufferPosition() throws Exception {
    CompletableFuture<byte[]> seen = new CompletableFuture<>();
    PulseDatagram d = startUdp(udp().callback((ep, p, s) -> {
      byte[] b = new byte[p.remaining()];
      p.get(b);
      seen.complete(b);
    }));
    DatagramChannel c = peer();
    ByteBuffer msg = ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8));
    assertTrue(d.send(msg, (InetSocketAddress) c.getLocalAddress()));
    assertEquals(0, msg.position());
    assertEquals("hello", new String(receive(c), StandardCharsets.UTF_8));
    c.send(ByteBuffer.wrap(new byte[] {9, 8}), d.localAddress());
    assertArrayEquals(new byte[] {9, 8}, seen.get(10, TimeUnit.SECONDS));
  }

  @Test
  void multicastJoinReceivesAndLeaveStops() throws Exception {
    NetworkInterface lo = NetworkInterface.getByName("lo");
    Requires.that(lo != null && loopbackMulticast(),
        "lo has no MULTICAST flag (ip link set lo multicast on, as root; .ci/run does it)");
    InetAddress group = InetAddress.getByName("239.255.77.77");
    java.util.concurrent.LinkedBlockingQueue<String> q = new java.util.concurrent.LinkedBlockingQueue<>();
    PulseDatagram d = closeLater(udp().callback((ep, p, s) -> q.add(StandardCharsets.UTF_8.decode(p).toString()))
        .bind("0.0.0.0", 0));
    DatagramChannel sender = closeLater(DatagramChannel.open(StandardProtocolFamily.INET));
    sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
    sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
    InetSocketAddress toGroup = new InetSocketAddress(group, d.port());
    InetSocketAddress toHost = new InetSocketAddress("127.0.0.1", d.port());

    d.joinGroup(group, lo);
    sender.send(ByteBuffer.wrap("m1".getBytes(StandardCharsets.UTF_8)), toGroup);
    assertEquals("m1", q.poll(10, TimeUnit.SECONDS), "joined: the group's datagram arrives");

    d.leaveGroup(group, lo);
    sender.send(ByteBuffer.wrap("m2".getBytes(StandardCharsets.UTF_8)), toGroup);
    sender.send(ByteBuffer.wrap("u".getBytes(StandardCharsets.UTF_8)), toHost);
    assertEquals("u", q.poll(10, TimeUnit.SECONDS), "left: only the unicast marker arrives");
    assertEquals(null, q.poll(200, TimeUnit.MILLISECONDS), "nothing from the group after leaving");
  }

  /** True if lo carries IFF_MULTICAST (0x1000). */
  static boolean loopbackMulticast() {
    try {
      String flags = Files.readString(Path.of("/sys/class/net/lo/flags")).trim();
      return (Integer.decode(flags) & 0x1000) != 0;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  @Test
  void closeFromTheCallbackReturnsPromptly() throws Exception {
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    PulseDatagram d = startUdp(udp().callback((ep, p, s) -> {
      ep.close(); // on the loop thread: must not wait for the loop itself
      closed.countDown();
    }));
    peer().send(ByteBuffer.wrap(new byte[] {1}), d.localAddress());
    assertTrue(closed.await(5, TimeUnit.SECONDS), "close() from onDatagram returned");
    Await.until(() -> Threads.pulseThreads().isEmpty(), Duration.ofSeconds(10), () -> "" + Threads.pulseThreads());
  }

  @Test
  void attachedEndpointRunsOnTheServerLoopsAndClosesWithIt() throws Exception {
    long fdsBefore = Fds.count();
    io.pulse.PulseServer server = server().callback(RecordingCallback.echo()).bind("127.0.0.1", 0);
    java.util.List<String> loopThreads = Threads.pulseThreads();
    java.util.Set<String> udpThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    PulseDatagram d = udp().attach(server).reusePort(true).callback((ep, p, s) -> {
      udpThreads.add(Thread.currentThread().getName());
      ep.send(p, s);
    }).bind("127.0.0.1", 0);
    assertEquals(server.transport(), d.transport());
    assertEquals(loopThreads.size(), Threads.pulseThreads().size(), "no threads of its own");
    List<DatagramChannel> peers = new ArrayList<>();
    for (int i = 0; i < 16; i++) peers.add(peer());
    for (DatagramChannel p : peers) p.send(ByteBuffer.wrap(new byte[] {3}), d.localAddress());
    for (DatagramChannel p : peers) assertArrayEquals(new byte[] {3}, receive(p));
    assertTrue(loopThreads.containsAll(udpThreads), udpThreads + " within " + loopThreads);

    server.close();
    for (DatagramChannel p : peers) p.close();
    assertEquals(false, d.send(ByteBuffer.wrap(new byte[1]), d.localAddress()), "closed with the server");
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(10));
    Await.until(() -> Threads.pulseThreads().isEmpty(), Duration.ofSeconds(10), () -> "" + Threads.pulseThreads());
  }

  @Test
  void closeReleasesFdsAndThreads() throws Exception {
    long fdsBefore = Fds.count();
    PulseDatagram d = udp().loops(2).reusePort(true).callback(ECHO).bind("127.0.0.1", 0);
    DatagramChannel c = peer();
    c.send(ByteBuffer.wrap(new byte[] {5}), d.localAddress());
    assertNotNull(receive(c));
    long withPeer = Fds.count() - 1; // the peer's own fd stays open until the test ends
    d.close();
    Fds.awaitAtMost(fdsBefore + 1, Duration.ofSeconds(10));
    assertTrue(withPeer >= fdsBefore);
    Await.until(() -> Threads.pulseThreads().isEmpty(), Duration.ofSeconds(10), () -> "" + Threads.pulseThreads());
    assertEquals(false, d.send(ByteBuffer.wrap(new byte[1]), (InetSocketAddress) c.getLocalAddress()));
  }
}

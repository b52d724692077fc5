package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import io.pulse.testing.Await;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server on several addresses (TCP, a Unix path, IPv6) feeding one callback, and the builder's socket options
 * as the kernel reports them on accepted sockets.
 */
abstract class ListenSuite extends PulseSuite {
  @TempDir
  Path dir;

  static boolean ipv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void listensOnTcpUnixAndIpv6AtOnceWithOneCallback() throws Exception {
    boolean v6 = ipv6Loopback();
    Path sock = dir.resolve("multi.sock");
    PulseServer.Builder<java.nio.ByteBuffer> b = server().callback(RecordingCallback.echo())
        .listen("127.0.0.1", 0).listen(sock);
    if (v6) b.listen("::1", 0);
    PulseServer s = closeLater(b.start());

    List<SocketAddress> addrs = s.localAddresses();
    assertEquals(v6 ? 3 : 2, addrs.size());
    InetSocketAddress tcp = (InetSocketAddress) addrs.get(0);
    assertNotEquals(0, tcp.getPort());
    assertEquals(tcp, s.localAddress());
    assertEquals(UnixDomainSocketAddress.of(sock), addrs.get(1));

    byte[] payload = Payloads.random(4096, 3);
    assertArrayEquals(payload, EchoClient.exchange(connect(s), payload, new Random(1)));
    assertArrayEquals(payload, UnixSocketSuite.exchange(closeLater(SocketChannel.open(addrs.get(1))), payload));
    if (v6) {
      InetSocketAddress six = (InetSocketAddress) addrs.get(2);
      assertInstanceOf(Inet6Address.class, six.getAddress());
      Socket c = closeLater(new Socket());
      c.connect(six, CLIENT_TIMEOUT_MILLIS);
      c.setSoTimeout(CLIENT_TIMEOUT_MILLIS);
      assertArrayEquals(payload, EchoClient.exchange(c, payload, new Random(2)));
    }
    Await.until(() -> s.connectionCount() == (v6 ? 3 : 2), Duration.ofSeconds(10), () -> "" + s.connectionCount());

    s.close();
    assertFalse(Files.exists(sock), "Unix socket file removed");
    assertThrows(ConnectException.class, () -> new Socket().connect(tcp, 2000));
  }

  @Test
  void bindAddsItsAddressFirstAndKeepsListenAddresses() throws Exception {
    Path sock = dir.resolve("second.sock");
    PulseServer s = closeLater(server().callback(RecordingCallback.echo()).listen(sock).bind("127.0.0.1", 0));
    assertEquals(2, s.localAddresses().size());
    assertEquals(s.localAddress(), s.localAddresses().get(0));
    assertTrue(Files.exists(sock));
  }

  @Test
  void reusePortWithTcpAndUnixAddresses() throws Exception {
    Path sock = dir.resolve("rp.sock");
    PulseServer s = closeLater(server().reusePort(true).callback(RecordingCallback.echo())
        .listen("127.0.0.1", 0).listen(sock).start());
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(new byte[] {(byte) i}, EchoClient.exchange(connect(s), new byte[] {(byte) i}, new Random(i)));
    }
    assertArrayEquals(new byte[] {9}, UnixSocketSuite.exchange(closeLater(SocketChannel.open(
        UnixDomainSocketAddress.of(sock))), new byte[] {9}));
  }

  @Test
  void acceptedSocketsCarryTheBuilderOptions() throws Exception {
    PulseServer s = start(server().receiveBufferSize(96 * 1024).sendBufferSize(160 * 1024)
        .linger(Duration.ofSeconds(7)).trafficClass(0x10).keepAlive(Duration.ofSeconds(30), Duration.ofSeconds(5), 4)
        .callback(RecordingCallback.echo()));
    Socket c = connect(s);
    assertArrayEquals(new byte[] {1}, EchoClient.exchange(c, new byte[] {1}, new Random(1)));
    int fd = socketFd(s.port(), c.getLocalPort());
    assertTrue(SocketCalls.getInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, "SO_RCVBUF") >= 96 * 1024);
    assertTrue(SocketCalls.getInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, "SO_SNDBUF") >= 160 * 1024);
    assertEquals(7, SocketCalls.getLinger(fd));
    assertEquals(0x10, SocketCalls.getInt(fd, SocketConstants.IPPROTO_IP, SocketConstants.IP_TOS, "IP_TOS"));
    assertEquals(1, SocketCalls.getInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_KEEPALIVE, "SO_KEEPALIVE"));
    assertEquals(30, SocketCalls.getInt(fd, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_KEEPIDLE, "TCP_KEEPIDLE"));
    assertEquals(1, SocketCalls.getInt(fd, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY, "TCP_NODELAY"));
  }

  @Test
  void clientSocketsCarryTheBuilderOptions() throws Exception {
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      io.pulse.PulseClient client = closeLater(io.pulse.PulseClient.builder().transport(transport()).loops(1)
          .receiveBufferSize(96 * 1024).sendBufferSize(160 * 1024).trafficClass(0x08)
          .callback(RecordingCallback.echo()).build());
      io.pulse.Conn conn = client.connect("127.0.0.1", peer.getLocalPort()).get(10, java.util.concurrent.TimeUnit.SECONDS);
      Socket accepted = closeLater(peer.accept());
      int localPort = ((InetSocketAddress) conn.localAddress()).getPort();
      assertEquals(accepted.getPort(), localPort);
      int fd = socketFd(localPort, peer.getLocalPort());
      assertTrue(SocketCalls.getInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, "SO_RCVBUF") >= 96 * 1024);
      assertTrue(SocketCalls.getInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, "SO_SNDBUF") >= 160 * 1024);
      assertEquals(0x08, SocketCalls.getInt(fd, SocketConstants.IPPROTO_IP, SocketConstants.IP_TOS, "IP_TOS"));
    }
  }

  private static Set<Integer> fds() {
    Set<Integer> s = new HashSet<>();
    String[] names = new File("/proc/self/fd").list();
    if (names != null) for (String n : names) s.add(Integer.parseInt(n));
    return s;
  }

  /**
   * This process's connected TCP socket bound to port {@code localPort} whose peer is at port {@code remotePort}: the
   * pair names one socket, so every fd is looked at. (Skipping the fds open before the test raced with an earlier
   * test's loops still closing theirs: a number closed after that snapshot and reused for the new socket was skipped.)
   */
  private static int socketFd(int localPort, int remotePort) {
    for (int fd : fds()) {
      try {
        SocketAddress local = SocketCalls.localAddress(fd);
        SocketAddress remote = SocketCalls.remoteAddress(fd);
        if (local instanceof InetSocketAddress && ((InetSocketAddress) local).getPort() == localPort
            && ((InetSocketAddress) remote).getPort() == remotePort) {
          return fd;
        }
      } catch (IOException | RuntimeException notIt) {
        // not a connected socket
      }
    }
    throw new AssertionError("no connected socket from port " + localPort + " to port " + remotePort);
  }
}

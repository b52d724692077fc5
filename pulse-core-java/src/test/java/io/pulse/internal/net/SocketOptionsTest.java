package io.pulse.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulse.Transport;
import io.pulse.core.Poller;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import io.pulse.testing.Requires;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** SO_RCVBUF, SO_SNDBUF, SO_LINGER and IP_TOS set through Pulse read back from the kernel (getsockopt). */
class SocketOptionsTest {
  static final SocketOptions OPTIONS = new SocketOptions(96 * 1024, 160 * 1024, 7, 0x10);

  private static FdStreamSocket nativeCopy(SocketChannel ch, int family) throws java.io.IOException {
    return new FdStreamSocket(LibC.fcntl(Poller.fdOf(ch), 1030 /* F_DUPFD_CLOEXEC */, 0), family);
  }

  @Test
  void nativeTcpSocketOptionsReachTheKernel() throws Exception {
    Requires.transport(Transport.EPOLL);
    try (ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
         SocketChannel ch = SocketChannel.open(ss.getLocalAddress())) {
      FdStreamSocket s = nativeCopy(ch, SocketConstants.AF_INET);
      try {
        s.options(OPTIONS);
        assertTrue(s.option(SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, "SO_RCVBUF") >= 96 * 1024); // Linux doubles it
        assertTrue(s.option(SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, "SO_SNDBUF") >= 160 * 1024);
        assertEquals(7, s.linger());
        assertEquals(0x10, s.option(SocketConstants.IPPROTO_IP, SocketConstants.IP_TOS, "IP_TOS"));
      } finally {
        s.close();
      }
    }
  }

  @Test
  void ipv6SocketGetsTrafficClass() throws Exception {
    Requires.transport(Transport.EPOLL);
    ServerSocketChannel ss;
    try {
      ss = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
    } catch (java.io.IOException e) {
      assumeTrue(false, "no IPv6 loopback: " + e);
      return;
    }
    try (ss; SocketChannel ch = SocketChannel.open(ss.getLocalAddress())) {
      FdStreamSocket s = nativeCopy(ch, SocketConstants.AF_INET6);
      try {
        s.options(new SocketOptions(0, 0, -1, 0x20));
        assertEquals(0x20, s.option(SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_TCLASS, "IPV6_TCLASS"));
      } finally {
        s.close();
      }
    }
  }

  @Test
  void nioSocketOptionsReachTheKernel() throws Exception {
    try (ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
         SocketChannel ch = SocketChannel.open(ss.getLocalAddress())) {
      NioStreamSocket s = new NioStreamSocket(ch, false);
      s.options(OPTIONS);
      assertTrue(ch.getOption(StandardSocketOptions.SO_RCVBUF) >= 96 * 1024);
      assertTrue(ch.getOption(StandardSocketOptions.SO_SNDBUF) >= 160 * 1024);
      assertEquals(7, ch.getOption(StandardSocketOptions.SO_LINGER));
      assertEquals(0x10, ch.getOption(StandardSocketOptions.IP_TOS));
    }
  }

  @Test
  void unixSocketSkipsTcpOnlyOptions() throws Exception {
    Requires.transport(Transport.EPOLL);
    int[] pair = new int[2];
    assertEquals(0, LibC.socketpair(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM, 0, pair));
    FdStreamSocket a = new FdStreamSocket(pair[0]); // family looked up: AF_UNIX
    try {
      assertTrue(a.isUnix());
      a.noDelay(true);
      a.keepAlive(30, 5, 3);
      a.options(OPTIONS); // IP_TOS skipped; buffers and linger still apply
      assertTrue(a.option(SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, "SO_SNDBUF") >= 160 * 1024);
      assertEquals(0, a.option(SocketConstants.SOL_SOCKET, SocketConstants.SO_KEEPALIVE, "SO_KEEPALIVE"));
    } finally {
      a.close();
      SocketCalls.close(pair[1]);
    }
  }

  @Test
  void listenerGetsReceiveBufferAndReuseAddressBeforeListen() throws Exception {
    Requires.transport(Transport.EPOLL);
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    ListenSocket on = ListenSocket.open(true, any, 16, false, true, new SocketOptions(200 * 1024, 0, -1, -1));
    ListenSocket off = ListenSocket.open(true, any, 16, false, false, SocketOptions.DEFAULTS);
    try {
      assertTrue(SocketCalls.getInt(on.fd(), SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, "SO_RCVBUF") >= 200 * 1024);
      assertEquals(1, SocketCalls.getInt(on.fd(), SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, "SO_REUSEADDR"));
      assertEquals(0, SocketCalls.getInt(off.fd(), SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, "SO_REUSEADDR"));
    } finally {
      on.close();
      off.close();
    }
  }
}

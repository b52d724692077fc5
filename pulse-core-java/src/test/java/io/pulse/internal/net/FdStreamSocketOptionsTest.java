package io.pulse.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.Transport;
import io.pulse.core.Poller;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.SocketConstants;
import io.pulse.testing.Requires;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** Socket options set through the native layer read back from the kernel as set. */
class FdStreamSocketOptionsTest {

  @Test
  void keepAliveAndNoDelayReachTheKernel() throws Exception {
    Requires.transport(Transport.EPOLL);
    try (ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
         SocketChannel ch = SocketChannel.open(ss.getLocalAddress())) {
      int fd = LibC.fcntl(Poller.fdOf(ch), 1030 /* F_DUPFD_CLOEXEC */, 0);
      FdStreamSocket s = new FdStreamSocket(fd);
      try {
        s.keepAlive(30, 5, 4);
        s.noDelay(true);
        assertEquals(1, s.option(SocketConstants.SOL_SOCKET, SocketConstants.SO_KEEPALIVE, "SO_KEEPALIVE"));
        assertEquals(30, s.option(SocketConstants.IPPROTO_TCP, SocketConstants.TCP_KEEPIDLE, "TCP_KEEPIDLE"));
        assertEquals(5, s.option(SocketConstants.IPPROTO_TCP, SocketConstants.TCP_KEEPINTVL, "TCP_KEEPINTVL"));
        assertEquals(4, s.option(SocketConstants.IPPROTO_TCP, SocketConstants.TCP_KEEPCNT, "TCP_KEEPCNT"));
        assertEquals(1, s.option(SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY, "TCP_NODELAY"));
      } finally {
        s.close();
      }
    }
  }
}

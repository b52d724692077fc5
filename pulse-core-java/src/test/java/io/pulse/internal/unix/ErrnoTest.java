package io.pulse.internal.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ErrnoTest {

  @Test
  void failedCallNamesTheCallTheErrnoAndItsText() {
    assumeTrue(Platform.isLinux());
    java.nio.ByteBuffer event = DirectBuffers.allocate(16);
    assertEquals(-1, LinuxNative.epoll_ctl(-1, 1, -1, DirectBuffers.address(event)));
    IOException e = Errno.newIOException("epoll_ctl(ADD, fd=-1)", Native.getLastError());
    assertEquals("epoll_ctl(ADD, fd=-1): EBADF (Bad file descriptor)", e.getMessage());
    assertEquals(Errno.EBADF, ((NativeIoException) e).errno());
  }

  @Test
  void readOnAnEmptyNonBlockingSocketIsEagainNotAnException() throws IOException {
    int[] sv = new int[2];
    assertEquals(0, LibC.socketpair(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_NONBLOCK, 0, sv));
    try {
      java.nio.ByteBuffer b = DirectBuffers.allocate(64);
      assertEquals(-1, SocketCalls.read(sv[0], DirectBuffers.address(b), 64));
    } finally {
      LibC.close(sv[0]);
      LibC.close(sv[1]);
    }
  }

  @Test
  void bindToAPortInUseSaysEaddrinuse() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      InetSocketAddress a = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
      int fd = SocketCalls.tcpSocket(a);
      try {
        IOException e = assertThrows(IOException.class, () -> SocketCalls.bind(fd, a));
        assertTrue(e.getMessage().startsWith("bind(fd=" + fd + ", "), e.getMessage());
        assertTrue(e.getMessage().contains("EADDRINUSE (Address already in use)"), e.getMessage());
      } finally {
        SocketCalls.close(fd);
      }
    }
  }

  @Test
  void refusedConnectIsAConnectException() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
    IOException e = Errno.newIOException("connect(" + a + ")", Errno.ECONNREFUSED);
    assertInstanceOf(ConnectException.class, e);
    assertTrue(e.getMessage().contains("ECONNREFUSED"));
  }
}

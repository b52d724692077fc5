package io.pulse.internal.server;

import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.NativeSockets;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Finds the fd behind a JDK SocketChannel without reflection: the socket in {@code /proc/self/fd} whose local
 * and peer addresses match the channel's. Returns a duplicate and closes the channel, so Pulse owns the socket.
 */
final class ChannelFds {
  private ChannelFds() {}

  static int fdOf(SocketChannel ch) throws IOException {
    ch.configureBlocking(false); // O_NONBLOCK lives in the open file, so the duplicate shares it
    InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
    InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
    String[] fds = new File("/proc/self/fd").list();
    if (fds == null) throw new IOException("cannot list /proc/self/fd to find the channel's fd");
    for (String name : fds) {
      int fd;
      try {
        fd = Integer.parseInt(name);
      } catch (NumberFormatException e) {
        continue;
      }
      if (matches(fd, local, remote)) {
        int dup = LibC.fcntl(fd, 1030 /* F_DUPFD_CLOEXEC */, 0);
        if (dup < 0) throw Errno.lastError("fcntl(fd=" + fd + ", F_DUPFD_CLOEXEC)");
        ch.close();
        return dup;
      }
    }
    throw new IOException("no fd found for " + ch);
  }

  private static boolean matches(int fd, InetSocketAddress local, InetSocketAddress remote) {
    try {
      return local.equals(NativeSockets.localAddress(fd)) && remote.equals(NativeSockets.remoteAddress(fd));
    } catch (IOException e) {
      return false; // not a socket, or not connected
    }
  }
}

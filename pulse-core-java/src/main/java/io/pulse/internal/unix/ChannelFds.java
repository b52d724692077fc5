package io.pulse.internal.unix;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/**
 * Finds the fd behind a JDK socket channel without reflection: the socket in {@code /proc/self/fd} whose local
 * (and, when connected, peer) address matches the channel's. Linux only.
 */
public final class ChannelFds {
  private ChannelFds() {}

  /** Takes over a connected channel: returns a duplicate of its fd and closes the channel. */
  public static int takeOver(SocketChannel ch) throws IOException {
    ch.configureBlocking(false); // O_NONBLOCK lives in the open file, so the duplicate shares it
    int fd = find(ch);
    int dup = LibC.fcntl(fd, 1030 /* F_DUPFD_CLOEXEC */, 0);
    if (dup < 0) throw Errno.lastError("fcntl(fd=" + fd + ", F_DUPFD_CLOEXEC)");
    ch.close();
    return dup;
  }

  /** The fd number of a bound channel (the channel keeps owning it). */
  public static int find(NetworkChannel ch) throws IOException {
    InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
    if (local == null) throw new IOException("channel is not bound: " + ch);
    InetSocketAddress remote = ch instanceof SocketChannel
        ? (InetSocketAddress) ((SocketChannel) ch).getRemoteAddress() : null;
    String[] fds = new File("/proc/self/fd").list();
    if (fds == null) throw new IOException("cannot list /proc/self/fd to find the channel's fd");
    for (String name : fds) {
      int fd;
      try {
        fd = Integer.parseInt(name);
      } catch (NumberFormatException e) {
        continue;
      }
      if (matches(fd, local, remote)) return fd;
    }
    throw new IOException("no fd found for " + ch);
  }

  private static boolean matches(int fd, InetSocketAddress local, InetSocketAddress remote) {
    try {
      if (!local.equals(SocketCalls.localAddress(fd))) return false;
      if (remote != null) return remote.equals(SocketCalls.remoteAddress(fd));
      try {
        SocketCalls.remoteAddress(fd);
        return false; // connected, but we look for a listening or unconnected socket
      } catch (IOException notConnected) {
        return true;
      }
    } catch (IOException e) {
      return false; // not a socket
    }
  }
}

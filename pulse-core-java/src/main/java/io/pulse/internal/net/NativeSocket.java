package io.pulse.internal.net;

import io.pulse.internal.loop.OutboundBuffer;
import io.pulse.internal.unix.NativeSockets;
import io.pulse.internal.unix.Sock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/** A native fd socket (EPOLL and KQUEUE transports): reads into and writes from native memory. */
public final class NativeSocket extends IoSocket {
  private final int fd;

  public NativeSocket(int fd) {
    this.fd = fd;
  }

  @Override public int fd() { return fd; }

  @Override public SelectableChannel channel() { return null; }

  @Override
  public int read(ByteBuffer buf, long address, int length) throws IOException {
    return NativeSockets.read(fd, address, length);
  }

  @Override
  public long write(ByteBuffer buf, long address, int offset, int length) throws IOException {
    return NativeSockets.write(fd, address + offset, length);
  }

  @Override
  public long write(OutboundBuffer out, GatherScratch scratch) throws IOException {
    int n = out.fillIov(scratch.iov, GatherScratch.MAX);
    if (n == 1) {
      return NativeSockets.write(fd, scratch.iov.getLong(0), (int) scratch.iov.getLong(8));
    }
    return NativeSockets.writev(fd, scratch.iovAddress, n);
  }

  @Override
  public void finishConnect() throws IOException {
    int err = pendingError();
    if (err != 0) throw io.pulse.internal.unix.Errno.newIOException("connect(fd=" + fd + ")", err);
  }

  @Override
  public void shutdownOutput() throws IOException {
    NativeSockets.shutdown(fd, Sock.SHUT_WR);
  }

  @Override
  public void close() throws IOException {
    NativeSockets.close(fd);
  }

  @Override
  public void noDelay(boolean on) throws IOException {
    NativeSockets.setInt(fd, Sock.IPPROTO_TCP, Sock.TCP_NODELAY, on ? 1 : 0, "TCP_NODELAY");
  }

  @Override
  public void keepAlive(int idleSeconds, int intervalSeconds, int count) throws IOException {
    NativeSockets.setInt(fd, Sock.SOL_SOCKET, Sock.SO_KEEPALIVE, 1, "SO_KEEPALIVE");
    if (idleSeconds > 0) NativeSockets.setInt(fd, Sock.IPPROTO_TCP, Sock.TCP_KEEPIDLE, idleSeconds, "TCP_KEEPIDLE");
    if (intervalSeconds > 0) {
      NativeSockets.setInt(fd, Sock.IPPROTO_TCP, Sock.TCP_KEEPINTVL, intervalSeconds, "TCP_KEEPINTVL");
    }
    if (count > 0) NativeSockets.setInt(fd, Sock.IPPROTO_TCP, Sock.TCP_KEEPCNT, count, "TCP_KEEPCNT");
  }

  /** Reads an int socket option (tests and diagnostics). */
  public int option(int level, int option, String name) throws IOException {
    return NativeSockets.getInt(fd, level, option, name);
  }

  @Override
  public int pendingError() throws IOException {
    return NativeSockets.getInt(fd, Sock.SOL_SOCKET, Sock.SO_ERROR, "SO_ERROR");
  }

  @Override
  public InetSocketAddress localAddress() throws IOException {
    return NativeSockets.localAddress(fd);
  }

  @Override
  public InetSocketAddress remoteAddress() throws IOException {
    return NativeSockets.remoteAddress(fd);
  }
}

package io.pulse.internal.net;

import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.NativeSockets;
import io.pulse.internal.unix.Sock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A non-blocking listening TCP socket, native or NIO; {@link #accept} returns null when none is waiting. */
public abstract class ListenSocket {

  /** Opens, configures, binds and listens. */
  public static ListenSocket open(boolean nativeTransport, InetSocketAddress address, int backlog,
      boolean reusePort) throws IOException {
    return nativeTransport ? new Native(address, backlog, reusePort) : new Nio(address, backlog, reusePort);
  }

  public abstract int fd();

  public abstract SelectableChannel channel();

  /** The next connection, or null when the accept queue is empty. */
  public abstract IoSocket accept() throws IOException;

  public abstract InetSocketAddress localAddress() throws IOException;

  public abstract void close() throws IOException;

  /** True if {@code e} means the process or system ran out of file descriptors. */
  public abstract boolean isFdExhaustion(IOException e);

  private static final class Native extends ListenSocket {
    private final int fd;

    Native(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
      fd = NativeSockets.tcpSocket(address);
      try {
        NativeSockets.setInt(fd, Sock.SOL_SOCKET, Sock.SO_REUSEADDR, 1, "SO_REUSEADDR");
        if (reusePort) NativeSockets.setInt(fd, Sock.SOL_SOCKET, Sock.SO_REUSEPORT, 1, "SO_REUSEPORT");
        NativeSockets.bind(fd, address);
        NativeSockets.listen(fd, backlog);
      } catch (IOException e) {
        NativeSockets.close(fd);
        throw e;
      }
    }

    @Override public int fd() { return fd; }

    @Override public SelectableChannel channel() { return null; }

    @Override
    public IoSocket accept() throws IOException {
      int c = NativeSockets.accept(fd);
      return c < 0 ? null : new NativeSocket(c);
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
      return NativeSockets.localAddress(fd);
    }

    @Override
    public void close() throws IOException {
      NativeSockets.close(fd);
    }

    @Override
    public boolean isFdExhaustion(IOException e) {
      if (!(e instanceof io.pulse.internal.unix.NativeIoException)) return false;
      int errno = ((io.pulse.internal.unix.NativeIoException) e).errno();
      return errno == Errno.EMFILE || errno == Errno.ENFILE || errno == Errno.ENOBUFS || errno == Errno.ENOMEM;
    }
  }

  private static final class Nio extends ListenSocket {
    private final ServerSocketChannel ch;

    Nio(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
      ch = ServerSocketChannel.open();
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (reusePort) ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        ch.bind(address, backlog);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    @Override public int fd() { return -1; }

    @Override public SelectableChannel channel() { return ch; }

    @Override
    public IoSocket accept() throws IOException {
      SocketChannel c = ch.accept();
      return c == null ? null : new NioSocket(c);
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
      return (InetSocketAddress) ch.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }

    @Override
    public boolean isFdExhaustion(IOException e) {
      String m = String.valueOf(e.getMessage());
      return m.contains("Too many open files");
    }
  }
}

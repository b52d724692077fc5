package io.pulse.internal.net;

import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking listening stream socket, native or NIO, TCP or Unix domain; {@link #accept} returns null when
 * none is waiting. A Unix domain listener replaces a stale socket file and removes its file on close.
 */
public abstract class ListenSocket {

  /** Opens, configures, binds and listens with the defaults (SO_REUSEADDR on, no other option). */
  public static ListenSocket open(boolean nativeTransport, SocketAddress address, int backlog,
      boolean reusePort) throws IOException {
    return open(nativeTransport, address, backlog, reusePort, true, SocketOptions.DEFAULTS);
  }

  /**
   * Opens, configures, binds and listens. SO_RCVBUF is set before listen so accepted sockets start with it;
   * SO_REUSEADDR and SO_REUSEPORT apply to TCP only.
   */
  public static ListenSocket open(boolean nativeTransport, SocketAddress address, int backlog, boolean reusePort,
      boolean reuseAddress, SocketOptions options) throws IOException {
    UnixSocketFile file = address instanceof UnixDomainSocketAddress
        ? UnixSocketFile.prepare((UnixDomainSocketAddress) address) : null;
    ListenSocket l;
    try {
      l = nativeTransport
          ? new Native(address, backlog, reusePort, reuseAddress, options)
          : new Nio(address, backlog, reusePort, reuseAddress, options);
    } catch (java.net.BindException e) {
      throw e; // the path is someone else's: leave it
    } catch (IOException | RuntimeException e) {
      if (file != null) file.remove(); // bound but could not listen: do not leave our file behind
      throw e;
    }
    l.file = file;
    if (file != null) file.bound();
    return l;
  }

  private UnixSocketFile file;
  final SocketAddress requested;

  ListenSocket(SocketAddress requested) {
    this.requested = requested;
  }

  public abstract int fd();

  public abstract SelectableChannel channel();

  /** The next connection, or null when the accept queue is empty. */
  public abstract StreamSocket accept() throws IOException;

  /** The bound address: an InetSocketAddress (with the chosen port) or the UnixDomainSocketAddress bound. */
  public abstract SocketAddress localAddress() throws IOException;

  /** True for a Unix domain listener. */
  public boolean isUnix() {
    return file != null;
  }

  /** Closes the socket and, for a Unix domain listener, removes its file. */
  public final void close() throws IOException {
    try {
      closeSocket();
    } finally {
      if (file != null) file.remove();
    }
  }

  abstract void closeSocket() throws IOException;

  /** True if {@code e} means the process or system ran out of file descriptors. */
  public abstract boolean isFdExhaustion(IOException e);

  private static final class Native extends ListenSocket {
    private final int fd;
    private final int family;

    Native(SocketAddress address, int backlog, boolean reusePort, boolean reuseAddress, SocketOptions options)
        throws IOException {
      super(address);
      family = SocketCalls.family(address);
      fd = SocketCalls.socket(address, SocketConstants.SOCK_STREAM);
      try {
        if (family != SocketConstants.AF_UNIX) {
          if (reuseAddress) SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, 1, "SO_REUSEADDR");
          if (reusePort) SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEPORT, 1, "SO_REUSEPORT");
        }
        if (options.receiveBufferSize > 0) {
          SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, options.receiveBufferSize, "SO_RCVBUF");
        }
        SocketCalls.bind(fd, address);
        SocketCalls.listen(fd, backlog);
      } catch (IOException | RuntimeException e) {
        SocketCalls.close(fd);
        throw e;
      }
    }

    @Override public int fd() { return fd; }

    @Override public SelectableChannel channel() { return null; }

    @Override
    public StreamSocket accept() throws IOException {
      int c = SocketCalls.accept(fd);
      return c < 0 ? null : new FdStreamSocket(c, family);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
      return family == SocketConstants.AF_UNIX ? requested : SocketCalls.localAddress(fd);
    }

    @Override
    void closeSocket() throws IOException {
      SocketCalls.close(fd);
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
    private final boolean unix;

    Nio(SocketAddress address, int backlog, boolean reusePort, boolean reuseAddress, SocketOptions options)
        throws IOException {
      super(address);
      unix = address instanceof UnixDomainSocketAddress;
      // IPv4 addresses get an AF_INET socket (not the JDK's dual-stack default), so IP_TOS applies as on native
      ch = unix ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
          : ((java.net.InetSocketAddress) address).getAddress() instanceof java.net.Inet4Address
              ? ServerSocketChannel.open(StandardProtocolFamily.INET) : ServerSocketChannel.open();
      try {
        ch.configureBlocking(false);
        if (!unix) {
          ch.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
          if (reusePort) ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        if (options.receiveBufferSize > 0 && ch.supportedOptions().contains(StandardSocketOptions.SO_RCVBUF)) {
          ch.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize);
        }
        ch.bind(address, backlog);
      } catch (IOException | RuntimeException e) {
        ch.close();
        if (e instanceof java.net.BindException && (e.getMessage() == null || !e.getMessage().contains("" + address))) {
          // the JDK says only "Address already in use": name the address, as the native transports do
          java.net.BindException named = new java.net.BindException("bind(" + address + "): " + e.getMessage());
          named.initCause(e);
          throw named;
        }
        throw e;
      }
    }

    @Override public int fd() { return -1; }

    @Override public SelectableChannel channel() { return ch; }

    @Override
    public StreamSocket accept() throws IOException {
      SocketChannel c = ch.accept();
      return c == null ? null : new NioStreamSocket(c, unix);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
      return unix ? requested : ch.getLocalAddress();
    }

    @Override
    void closeSocket() throws IOException {
      ch.close();
    }

    @Override
    public boolean isFdExhaustion(IOException e) {
      String m = String.valueOf(e.getMessage());
      return m.contains("Too many open files");
    }
  }
}

package io.pulse.internal.net;

import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/** Opens non-blocking sockets and starts connecting them; completion is signalled by write readiness. */
public final class Dialer {
  private Dialer() {}

  /** A socket whose connect to {@code address} (TCP or Unix domain) has started (or already finished). */
  public static StreamSocket dial(boolean nativeTransport, SocketAddress address) throws IOException {
    return dial(nativeTransport, address, SocketOptions.DEFAULTS);
  }

  /**
   * As {@link #dial(boolean, SocketAddress)}, with {@code options} set before connecting (SO_RCVBUF must precede
   * the SYN to size TCP's window scale).
   */
  public static StreamSocket dial(boolean nativeTransport, SocketAddress address, SocketOptions options)
      throws IOException {
    boolean unix = address instanceof UnixDomainSocketAddress;
    if (nativeTransport) {
      int fd = SocketCalls.socket(address, SocketConstants.SOCK_STREAM);
      try {
        if (options.any()) FdStreamSocket.apply(fd, SocketCalls.family(address), options);
        SocketCalls.connect(fd, address);
      } catch (IOException | RuntimeException e) {
        SocketCalls.close(fd);
        throw e;
      }
      return new FdStreamSocket(fd, SocketCalls.family(address));
    }
    SocketChannel ch = unix ? SocketChannel.open(StandardProtocolFamily.UNIX)
        : ((java.net.InetSocketAddress) address).getAddress() instanceof java.net.Inet4Address
            ? SocketChannel.open(StandardProtocolFamily.INET) : SocketChannel.open();
    try {
      ch.configureBlocking(false);
      NioStreamSocket s = new NioStreamSocket(ch, unix);
      if (options.any()) s.options(options);
      ch.connect(address);
      return s;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }
}

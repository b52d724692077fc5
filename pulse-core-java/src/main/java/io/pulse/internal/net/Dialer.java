package io.pulse.internal.net;

import io.pulse.internal.unix.NativeSockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/** Opens non-blocking sockets and starts connecting them; completion is signalled by write readiness. */
public final class Dialer {
  private Dialer() {}

  /** A socket whose connect to {@code address} has started (or already finished). */
  public static IoSocket dial(boolean nativeTransport, InetSocketAddress address) throws IOException {
    if (nativeTransport) {
      int fd = NativeSockets.tcpSocket(address);
      try {
        NativeSockets.connect(fd, address);
      } catch (IOException e) {
        NativeSockets.close(fd);
        throw e;
      }
      return new NativeSocket(fd);
    }
    SocketChannel ch = SocketChannel.open();
    try {
      ch.configureBlocking(false);
      ch.connect(address);
      return new NioSocket(ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }
}

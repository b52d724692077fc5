package io.pulse.internal.net;

import io.pulse.internal.buffer.GatherScratch;
import io.pulse.internal.buffer.OutboundBuffer;
import io.pulse.internal.poll.Inbox;
import io.pulse.internal.poll.CompletionSocket;
import io.pulse.internal.poll.Outbox;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * A native fd socket (EPOLL, KQUEUE and IO_URING transports): reads into and writes from native memory. Under
 * IO_URING its reads come from the {@link Inbox} the poller's multishot recv fills, and its writes go through the
 * poller's {@link Outbox}.
 */
public final class FdStreamSocket extends StreamSocket implements CompletionSocket {
  private static final int UNKNOWN = -1;
  private final int fd;
  /** AF_INET, AF_INET6 or AF_UNIX; looked up with getsockname when the creator did not know it. */
  private int family;
  private Inbox inbox;
  private Outbox outbox;

  /** A socket of unknown family (an fd handed over by a user): looked up when an option needs it. */
  public FdStreamSocket(int fd) {
    this(fd, UNKNOWN);
  }

  /** A socket of a known address family (SocketConstants.AF_*). */
  public FdStreamSocket(int fd, int family) {
    this.fd = fd;
    this.family = family;
  }

  private int family() throws IOException {
    if (family == UNKNOWN) family = SocketCalls.family(SocketCalls.localAddress(fd));
    return family;
  }

  @Override
  public boolean isUnix() {
    try {
      return family() == SocketConstants.AF_UNIX;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void options(SocketOptions o) throws IOException {
    apply(fd, family(), o);
  }

  /** Applies {@code o} to a native socket of {@code family} (also used for listening and datagram sockets). */
  public static void apply(int fd, int family, SocketOptions o) throws IOException {
    if (o.receiveBufferSize > 0) {
      SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, o.receiveBufferSize, "SO_RCVBUF");
    }
    if (o.sendBufferSize > 0) SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, o.sendBufferSize, "SO_SNDBUF");
    if (o.lingerSeconds >= 0) SocketCalls.setLinger(fd, o.lingerSeconds);
    if (o.trafficClass >= 0 && family != SocketConstants.AF_UNIX) {
      if (family == SocketConstants.AF_INET6) {
        SocketCalls.setInt(fd, SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_TCLASS, o.trafficClass, "IPV6_TCLASS");
      } else {
        SocketCalls.setInt(fd, SocketConstants.IPPROTO_IP, SocketConstants.IP_TOS, o.trafficClass, "IP_TOS");
      }
    }
  }

  @Override public int fd() { return fd; }

  @Override public SelectableChannel channel() { return null; }

  @Override
  public int read(ByteBuffer buf, long address, int length) throws IOException {
    Inbox in = inbox;
    return in == null ? SocketCalls.read(fd, address, length) : in.take(buf, address, length);
  }

  @Override
  public Inbox inbox() {
    return inbox;
  }

  @Override
  public void attach(Inbox inbox, Outbox outbox) {
    this.inbox = inbox;
    this.outbox = outbox;
  }

  @Override
  public long write(ByteBuffer buf, long address, int offset, int length) throws IOException {
    Outbox o = outbox;
    if (o != null) {
      long r = o.send(buf, offset, length);
      if (r != Outbox.NO_SLOT) return r;
    }
    return SocketCalls.write(fd, address + offset, length);
  }

  @Override
  public long write(OutboundBuffer out, GatherScratch scratch) throws IOException {
    Outbox o = outbox;
    if (o != null) {
      long r = o.send(out);
      if (r != Outbox.NO_SLOT) return r;
    }
    int n = out.fillIov(scratch.iov(), GatherScratch.MAX);
    if (n == 1) {
      return SocketCalls.write(fd, scratch.iov().getLong(0), (int) scratch.iov().getLong(8));
    }
    return SocketCalls.writev(fd, scratch.iovAddress(), n);
  }

  /**
   * Under IO_URING: the outbox's send in flight is left to finish (one not started is dropped); the outbox is
   * detached, so a last write goes with a plain call.
   */
  @Override
  public boolean settleSends(OutboundBuffer out) {
    Outbox o = outbox;
    if (o == null) return true;
    o.handOver(out);
    outbox = null;
    return !o.sending();
  }

  @Override
  public void finishConnect() throws IOException {
    int err = pendingError();
    if (err != 0) throw io.pulse.internal.unix.Errno.newIOException("connect(fd=" + fd + ")", err);
  }

  @Override
  public void shutdownOutput() throws IOException {
    SocketCalls.shutdown(fd, SocketConstants.SHUT_WR);
  }

  @Override
  public void close() throws IOException {
    SocketCalls.close(fd);
  }

  @Override
  public void noDelay(boolean on) throws IOException {
    if (family() == SocketConstants.AF_UNIX) return;
    SocketCalls.setInt(fd, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_NODELAY, on ? 1 : 0, "TCP_NODELAY");
  }

  @Override
  public void keepAlive(int idleSeconds, int intervalSeconds, int count) throws IOException {
    if (family() == SocketConstants.AF_UNIX) return;
    SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_KEEPALIVE, 1, "SO_KEEPALIVE");
    if (idleSeconds > 0) SocketCalls.setInt(fd, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_KEEPIDLE, idleSeconds, "TCP_KEEPIDLE");
    if (intervalSeconds > 0) {
      SocketCalls.setInt(fd, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_KEEPINTVL, intervalSeconds, "TCP_KEEPINTVL");
    }
    if (count > 0) SocketCalls.setInt(fd, SocketConstants.IPPROTO_TCP, SocketConstants.TCP_KEEPCNT, count, "TCP_KEEPCNT");
  }

  /** SO_LINGER's seconds, -1 when off (tests and diagnostics). */
  public int linger() throws IOException {
    return SocketCalls.getLinger(fd);
  }

  /** Reads an int socket option (tests and diagnostics). */
  public int option(int level, int option, String name) throws IOException {
    return SocketCalls.getInt(fd, level, option, name);
  }

  @Override
  public int pendingError() throws IOException {
    return SocketCalls.getInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR, "SO_ERROR");
  }

  @Override
  public SocketAddress localAddress() throws IOException {
    return SocketCalls.localAddress(fd);
  }

  @Override
  public SocketAddress remoteAddress() throws IOException {
    return SocketCalls.remoteAddress(fd);
  }
}

package io.pulse.internal.net;

import io.pulse.internal.buffer.GatherScratch;
import io.pulse.internal.buffer.OutboundBuffer;
import io.pulse.internal.poll.Inbox;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * A connected non-blocking stream socket: a native fd or a NIO channel. Reads return bytes read, 0 at end of
 * stream, -1 when nothing is available; writes return bytes written or -1 when the socket buffer is full.
 */
public abstract class StreamSocket {

  /** The native fd, or -1. */
  public abstract int fd();

  /** The NIO channel, or null. */
  public abstract SelectableChannel channel();

  /** Reads into {@code buf} (direct, at {@code address}) from index 0, at most {@code length} bytes. */
  public abstract int read(ByteBuffer buf, long address, int length) throws IOException;

  /**
   * Where a completion-based poller (IO_URING) has already received this socket's input: read it from there
   * ({@link Inbox#lend}, without a copy) instead of {@link #read}. Null for sockets that read with a call.
   */
  public Inbox inbox() {
    return null;
  }

  /** Writes {@code length} bytes of direct {@code buf} from {@code offset} ({@code address} is its base). */
  public abstract long write(ByteBuffer buf, long address, int offset, int length) throws IOException;

  /** Writes as much of {@code out} as the socket takes in one gathering call; the caller consumes it. */
  public abstract long write(OutboundBuffer out, GatherScratch scratch) throws IOException;

  /**
   * Closing, before the last write of {@code out}: a socket that sends through its poller (io_uring) settles that
   * with {@code out}, consuming what its sends took, and writes with plain calls from then on. False if a send is
   * still in flight: nothing may be written behind it. Loop thread, just before deregistering.
   */
  public boolean settleSends(OutboundBuffer out) {
    return true; // plain calls already
  }

  /** Completes a non-blocking connect once the socket is writable; throws why it failed (e.g. refused). */
  public abstract void finishConnect() throws IOException;

  /** Half-closes the output side (sends FIN). */
  public abstract void shutdownOutput() throws IOException;

  /** Closes the socket. */
  public abstract void close() throws IOException;

  /** TCP_NODELAY; a no-op on Unix domain sockets. */
  public abstract void noDelay(boolean on) throws IOException;

  /**
   * SO_RCVBUF, SO_SNDBUF, SO_LINGER (seconds) and IP_TOS/IPV6_TCLASS, each only when not negative or zero as
   * marked by {@link SocketOptions}; options that do not apply to the socket's family are skipped.
   */
  public abstract void options(SocketOptions o) throws IOException;

  /** True for a Unix domain socket. */
  public abstract boolean isUnix();

  /** SO_KEEPALIVE on, with idle/interval/count when positive (Linux: TCP_KEEPIDLE/KEEPINTVL/KEEPCNT); a no-op on
   * Unix domain sockets. */
  public abstract void keepAlive(int idleSeconds, int intervalSeconds, int count) throws IOException;

  /** The pending socket error (SO_ERROR), 0 if none; NIO sockets always answer 0. */
  public abstract int pendingError() throws IOException;

  /** An InetSocketAddress, or a UnixDomainSocketAddress (empty path for an unnamed peer). */
  public abstract SocketAddress localAddress() throws IOException;

  /** An InetSocketAddress, or a UnixDomainSocketAddress (empty path for an unnamed peer). */
  public abstract SocketAddress remoteAddress() throws IOException;
}

package io.pulse.internal.net;

import io.pulse.internal.loop.OutboundBuffer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * A connected non-blocking stream socket: a native fd or a NIO channel. Reads return bytes read, 0 at end of
 * stream, -1 when nothing is available; writes return bytes written or -1 when the socket buffer is full.
 */
public abstract class IoSocket {

  /** The native fd, or -1. */
  public abstract int fd();

  /** The NIO channel, or null. */
  public abstract SelectableChannel channel();

  /** Reads into {@code buf} (direct, at {@code address}) from index 0, at most {@code length} bytes. */
  public abstract int read(ByteBuffer buf, long address, int length) throws IOException;

  /** Writes {@code length} bytes of direct {@code buf} from {@code offset} ({@code address} is its base). */
  public abstract long write(ByteBuffer buf, long address, int offset, int length) throws IOException;

  /** Writes as much of {@code out} as the socket takes in one gathering call; the caller consumes it. */
  public abstract long write(OutboundBuffer out, GatherScratch scratch) throws IOException;

  /** Completes a non-blocking connect once the socket is writable; throws why it failed (e.g. refused). */
  public abstract void finishConnect() throws IOException;

  /** Half-closes the output side (sends FIN). */
  public abstract void shutdownOutput() throws IOException;

  /** Closes the socket. */
  public abstract void close() throws IOException;

  public abstract void noDelay(boolean on) throws IOException;

  /** SO_KEEPALIVE on, with idle/interval/count when positive (Linux: TCP_KEEPIDLE/KEEPINTVL/KEEPCNT). */
  public abstract void keepAlive(int idleSeconds, int intervalSeconds, int count) throws IOException;

  /** The pending socket error (SO_ERROR), 0 if none; NIO sockets always answer 0. */
  public abstract int pendingError() throws IOException;

  public abstract InetSocketAddress localAddress() throws IOException;

  public abstract InetSocketAddress remoteAddress() throws IOException;
}

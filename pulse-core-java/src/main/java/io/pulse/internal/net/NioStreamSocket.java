package io.pulse.internal.net;

import io.pulse.internal.buffer.GatherScratch;
import io.pulse.internal.buffer.OutboundBuffer;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

/** A java.nio SocketChannel (NIO transport). */
public final class NioStreamSocket extends StreamSocket {
  private final SocketChannel ch;
  private final boolean unix;

  public NioStreamSocket(SocketChannel ch) throws IOException {
    this(ch, ch.getLocalAddress() instanceof UnixDomainSocketAddress);
  }

  /** A channel whose family the caller knows (an acceptor's or dialer's). */
  public NioStreamSocket(SocketChannel ch, boolean unix) throws IOException {
    this.ch = ch;
    this.unix = unix;
    ch.configureBlocking(false);
  }

  @Override
  public boolean isUnix() {
    return unix;
  }

  @Override
  public void options(SocketOptions o) throws IOException {
    if (o.receiveBufferSize > 0) set(StandardSocketOptions.SO_RCVBUF, o.receiveBufferSize);
    if (o.sendBufferSize > 0) set(StandardSocketOptions.SO_SNDBUF, o.sendBufferSize);
    if (o.lingerSeconds >= 0) set(StandardSocketOptions.SO_LINGER, o.lingerSeconds);
    if (o.trafficClass >= 0 && !unix) set(StandardSocketOptions.IP_TOS, o.trafficClass);
  }

  /** Sets {@code option} if this channel supports it (Unix domain channels lack some). */
  private <V> void set(SocketOption<V> option, V value) throws IOException {
    if (ch.supportedOptions().contains(option)) ch.setOption(option, value);
  }

  @Override public int fd() { return -1; }

  @Override public SelectableChannel channel() { return ch; }

  @Override
  public int read(ByteBuffer buf, long address, int length) throws IOException {
    buf.limit(length).position(0);
    int n = ch.read(buf);
    return n > 0 ? n : n == 0 ? -1 : 0;
  }

  @Override
  public long write(ByteBuffer buf, long address, int offset, int length) throws IOException {
    int limit = buf.limit();
    int position = buf.position();
    buf.limit(offset + length).position(offset);
    try {
      int n = ch.write(buf);
      return n == 0 ? -1 : n;
    } finally {
      buf.limit(limit).position(position);
    }
  }

  @Override
  public long write(OutboundBuffer out, GatherScratch scratch) throws IOException {
    int n = out.fillBuffers(scratch.buffers(), GatherScratch.MAX);
    long written = n == 1 ? ch.write(scratch.buffers()[0]) : ch.write(scratch.buffers(), 0, n);
    return written == 0 ? -1 : written;
  }

  @Override
  public void finishConnect() throws IOException {
    if (!ch.finishConnect()) throw new java.net.ConnectException("connect: not finished though ready");
  }

  @Override
  public void shutdownOutput() throws IOException {
    ch.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }

  @Override
  public void noDelay(boolean on) throws IOException {
    if (unix) return;
    ch.setOption(StandardSocketOptions.TCP_NODELAY, on);
  }

  @Override
  public void keepAlive(int idleSeconds, int intervalSeconds, int count) throws IOException {
    if (unix) return;
    ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    if (idleSeconds > 0) ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
    if (intervalSeconds > 0) ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds);
    if (count > 0) ch.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, count);
  }

  @Override
  public int pendingError() {
    return 0;
  }

  @Override
  public SocketAddress localAddress() throws IOException {
    return ch.getLocalAddress();
  }

  @Override
  public SocketAddress remoteAddress() throws IOException {
    return ch.getRemoteAddress();
  }
}

package io.pulse.internal.datagram;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * A bound, non-blocking UDP socket: a native fd (EPOLL, KQUEUE) or a NIO DatagramChannel. Loop thread only, except
 * where noted. Receives report the datagram's full length, so a caller with a buffer one byte larger than its limit
 * can tell a datagram that did not fit.
 */
abstract class UdpSocket {

  /** The native fd, or -1. */
  abstract int fd();

  /** The NIO channel, or null. */
  abstract SelectableChannel channel();

  /**
   * Receives one datagram into {@link #receiveBuffer()} from index 0: its length (which may exceed the buffer when
   * it was truncated), or -1 when none is waiting. The sender is then {@link #sender()}.
   */
  abstract int receive() throws IOException;

  /** The buffer {@link #receive} fills; big enough for the largest accepted datagram plus one byte. */
  abstract ByteBuffer receiveBuffer();

  /** The sender of the last datagram received. */
  abstract InetSocketAddress sender() throws IOException;

  /** Sends {@code packet}'s remaining bytes to {@code to} without moving its position: false on EAGAIN. */
  abstract boolean send(ByteBuffer packet, InetSocketAddress to) throws IOException;

  /** Joins (or leaves) multicast {@code group} on {@code nif} (null: the system's choice). */
  abstract void membership(boolean join, InetAddress group, NetworkInterface nif) throws IOException;

  /** IP_MULTICAST_IF and IP_MULTICAST_LOOP for what this socket sends to multicast groups. */
  abstract void multicastOut(NetworkInterface nif, boolean loopback) throws IOException;

  abstract InetSocketAddress localAddress() throws IOException;

  abstract void close() throws IOException;
}

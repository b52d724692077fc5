package io.pulse.internal.datagram;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * A bound, non-blocking UDP socket: a native fd (EPOLL, KQUEUE) or a NIO DatagramChannel. Loop thread only.
 * A receive fills one or more slots (several with Linux's recvmmsg); each slot's buffer is one byte larger than
 * the largest accepted datagram, so a datagram that did not fit shows as a length above the limit.
 */
abstract class UdpSocket {

  /** The native fd, or -1. */
  abstract int fd();

  /** The NIO channel, or null. */
  abstract SelectableChannel channel();

  /** Receives what is waiting, up to the number of slots: how many datagrams arrived (0: none). */
  abstract int receive() throws IOException;

  /** The length of datagram {@code i} of the last receive (above the limit when it did not fit). */
  abstract int length(int i);

  /** Slot {@code i}'s buffer, holding datagram {@code i} from index 0 (position and limit are the caller's). */
  abstract ByteBuffer data(int i);

  /** The sender of datagram {@code i} of the last receive. */
  abstract InetSocketAddress sender(int i) throws IOException;

  /** Sends {@code packet}'s remaining bytes to {@code to} without moving its position: false on EAGAIN. */
  abstract boolean send(ByteBuffer packet, InetSocketAddress to) throws IOException;

  /** Joins (or leaves) multicast {@code group} on {@code nif} (null: the system's choice). */
  abstract void membership(boolean join, InetAddress group, NetworkInterface nif) throws IOException;

  /** IP_MULTICAST_IF and IP_MULTICAST_LOOP for what this socket sends to multicast groups. */
  abstract void multicastOut(NetworkInterface nif, boolean loopback) throws IOException;

  abstract InetSocketAddress localAddress() throws IOException;

  abstract void close() throws IOException;
}

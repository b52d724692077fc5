package io.pulse.internal.datagram;

import io.pulse.internal.net.SocketOptions;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;

/** A UDP socket on a java.nio DatagramChannel (NIO transport); multicast through {@code join}/{@code drop}. */
final class NioUdpSocket extends UdpSocket {
  private final DatagramChannel ch;
  private final ByteBuffer in;
  private final List<MembershipKey> memberships = new ArrayList<>();
  private InetSocketAddress sender;

  NioUdpSocket(InetSocketAddress address, int maxDatagramSize, boolean reusePort, SocketOptions o)
      throws IOException {
    boolean v6 = address.getAddress() instanceof Inet6Address;
    ch = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    try {
      ch.configureBlocking(false);
      if (reusePort) ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      if (o.receiveBufferSize > 0) ch.setOption(StandardSocketOptions.SO_RCVBUF, o.receiveBufferSize);
      if (o.sendBufferSize > 0) ch.setOption(StandardSocketOptions.SO_SNDBUF, o.sendBufferSize);
      if (o.trafficClass >= 0) ch.setOption(StandardSocketOptions.IP_TOS, o.trafficClass);
      ch.bind(address);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    in = ByteBuffer.allocateDirect(maxDatagramSize + 1);
  }

  @Override int fd() { return -1; }

  @Override SelectableChannel channel() { return ch; }

  @Override
  int receive() throws IOException {
    in.clear();
    sender = (InetSocketAddress) ch.receive(in);
    return sender == null ? 0 : 1;
  }

  /** The channel drops what does not fit: position == capacity (limit + 1) then. */
  @Override int length(int i) { return in.position(); }

  @Override ByteBuffer data(int i) { return in; }

  @Override InetSocketAddress sender(int i) { return sender; }

  @Override
  boolean send(ByteBuffer packet, InetSocketAddress to) throws IOException {
    int position = packet.position();
    try {
      return ch.send(packet, to) > 0 || !packet.hasRemaining();
    } finally {
      packet.position(position);
    }
  }

  @Override
  void membership(boolean join, InetAddress group, NetworkInterface nif) throws IOException {
    if (nif == null) throw new IllegalArgumentException("NIO needs a network interface to join " + group);
    if (join) {
      memberships.add(ch.join(group, nif));
      return;
    }
    for (MembershipKey k : new ArrayList<>(memberships)) {
      if (k.group().equals(group) && k.networkInterface().equals(nif)) {
        k.drop();
        memberships.remove(k);
        return;
      }
    }
    throw new IOException("not a member of " + group + " on " + nif.getName());
  }

  @Override
  void multicastOut(NetworkInterface nif, boolean loopback) throws IOException {
    if (nif != null) ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
    ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, loopback);
  }

  @Override
  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) ch.getLocalAddress();
  }

  @Override
  void close() throws IOException {
    ch.close();
  }
}

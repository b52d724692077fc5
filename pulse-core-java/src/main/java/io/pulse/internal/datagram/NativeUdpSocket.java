package io.pulse.internal.datagram;

import com.sun.jna.Platform;
import io.pulse.internal.net.FdStreamSocket;
import io.pulse.internal.net.SocketOptions;
import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import io.pulse.internal.unix.SockAddr;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.util.Enumeration;

/**
 * A native UDP socket (EPOLL, KQUEUE): {@code recvmmsg} under EPOLL (up to 32 datagrams a call), {@code recvfrom}
 * under KQUEUE (macOS has no recvmmsg; on Linux, libkqueue test runs then take the same path macOS does), and
 * {@code sendto}, with off-heap buffers owned by this socket. The last sender's and destination's addresses are
 * cached, so a steady peer costs no allocation per datagram.
 */
final class NativeUdpSocket extends UdpSocket {
  private static final boolean LINUX = Platform.isLinux();
  private static final int ADDR_LEN_SLOT = SockAddr.MAX_SIZE;

  private final int fd;
  private final int family;
  /** Linux: several datagrams per call. */
  private final RecvBatch batch;
  /** Elsewhere: one datagram per recvfrom. */
  private final ByteBuffer in;
  private final long inAddress;
  private int inLength;
  private final ByteBuffer out = DirectBuffers.allocate(65536);
  private final long outAddress = DirectBuffers.address(out);
  /** Sender sockaddr written by recvfrom, and its length slot. */
  private final ByteBuffer from = DirectBuffers.allocate(SockAddr.MAX_SIZE + 8);
  private final long fromAddress = DirectBuffers.address(from);
  /** Destination sockaddr for sendto. */
  private final ByteBuffer to = DirectBuffers.allocate(SockAddr.MAX_SIZE);
  private final long toAddress = DirectBuffers.address(to);
  private final byte[] lastSenderRaw = new byte[28];
  private int lastSenderLen = -1;
  private InetSocketAddress lastSender;
  private InetSocketAddress lastTo;
  private int toLen;

  NativeUdpSocket(InetSocketAddress address, int maxDatagramSize, boolean reusePort, SocketOptions o,
      boolean recvmmsg) throws IOException {
    family = SocketCalls.family(address);
    fd = SocketCalls.socket(address, SocketConstants.SOCK_DGRAM);
    try {
      if (reusePort) SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEPORT, 1, "SO_REUSEPORT");
      FdStreamSocket.apply(fd, family, o);
      SocketCalls.bind(fd, address);
    } catch (IOException | RuntimeException e) {
      SocketCalls.close(fd);
      throw e;
    }
    boolean batched = recvmmsg && LINUX;
    batch = batched ? new RecvBatch(maxDatagramSize + 1) : null;
    in = batched ? null : DirectBuffers.allocate(maxDatagramSize + 1);
    inAddress = batched ? 0 : DirectBuffers.address(in);
  }

  @Override int fd() { return fd; }

  @Override SelectableChannel channel() { return null; }

  @Override
  int receive() throws IOException {
    if (batch != null) return batch.receive(fd);
    from.putInt(ADDR_LEN_SLOT, SockAddr.MAX_SIZE);
    long n = SocketCalls.recvfrom(fd, inAddress, in.capacity(), fromAddress, fromAddress + ADDR_LEN_SLOT);
    if (n < 0) return 0;
    inLength = (int) Math.min(n, Integer.MAX_VALUE);
    return 1;
  }

  @Override
  int length(int i) {
    return batch != null ? batch.length(i) : inLength;
  }

  @Override
  ByteBuffer data(int i) {
    return batch != null ? batch.data(i) : in;
  }

  @Override
  InetSocketAddress sender(int i) throws IOException {
    return batch != null ? sender(batch.name(i), batch.nameLength(i)) : sender(from, from.getInt(ADDR_LEN_SLOT));
  }

  private InetSocketAddress sender(ByteBuffer name, int len) throws IOException {
    len = Math.min(len, lastSenderRaw.length);
    if (len == lastSenderLen && sameAsLast(name, len)) return lastSender;
    InetSocketAddress a = SockAddr.decode(name, len);
    for (int i = 0; i < len; i++) lastSenderRaw[i] = name.get(i);
    lastSenderLen = len;
    lastSender = a;
    return a;
  }

  private boolean sameAsLast(ByteBuffer name, int len) {
    for (int i = 0; i < len; i++) if (name.get(i) != lastSenderRaw[i]) return false;
    return true;
  }

  @Override
  boolean send(ByteBuffer packet, InetSocketAddress dest) throws IOException {
    int n = packet.remaining();
    if (n > out.capacity()) throw new IllegalArgumentException("datagram of " + n + " bytes exceeds 65536");
    out.clear();
    out.put(0, packet, packet.position(), n);
    if (dest != lastTo) {
      if (dest.getAddress() instanceof Inet4Address && family == SocketConstants.AF_INET6) {
        dest = new InetSocketAddress(mapped((Inet4Address) dest.getAddress()), dest.getPort());
      }
      toLen = SockAddr.encode(dest, to);
      lastTo = dest;
    }
    return SocketCalls.sendto(fd, outAddress, n, toAddress, toLen) >= 0;
  }

  private static InetAddress mapped(Inet4Address v4) throws IOException {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4.getAddress(), 0, b, 12, 4);
    return Inet6Address.getByAddress(null, b, -1);
  }

  @Override
  void membership(boolean join, InetAddress group, NetworkInterface nif) throws IOException {
    ByteBuffer req = DirectBuffers.allocate(32);
    if (group instanceof Inet6Address) {
      req.put(0, group.getAddress(), 0, 16);
      req.putInt(16, nif == null ? 0 : nif.getIndex());
      SocketCalls.setBytes(fd, SocketConstants.IPPROTO_IPV6, join ? SocketConstants.IPV6_JOIN_GROUP : SocketConstants.IPV6_LEAVE_GROUP, req, 20,
          (join ? "IPV6_JOIN_GROUP " : "IPV6_LEAVE_GROUP ") + group.getHostAddress());
      return;
    }
    req.put(0, group.getAddress(), 0, 4);
    int len;
    if (LINUX) { // struct ip_mreqn: group, local address (any), interface index
      req.putInt(8, nif == null ? 0 : nif.getIndex());
      len = 12;
    } else { // struct ip_mreq: group, the interface's IPv4 address
      if (nif != null) req.put(4, ipv4Of(nif).getAddress(), 0, 4);
      len = 8;
    }
    SocketCalls.setBytes(fd, SocketConstants.IPPROTO_IP, join ? SocketConstants.IP_ADD_MEMBERSHIP : SocketConstants.IP_DROP_MEMBERSHIP, req, len,
        (join ? "IP_ADD_MEMBERSHIP " : "IP_DROP_MEMBERSHIP ") + group.getHostAddress()
            + (nif == null ? "" : " on " + nif.getName()));
  }

  @Override
  void multicastOut(NetworkInterface nif, boolean loopback) throws IOException {
    if (family == SocketConstants.AF_INET6) {
      if (nif != null) {
        SocketCalls.setInt(fd, SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_IF, nif.getIndex(), "IPV6_MULTICAST_IF");
      }
      SocketCalls.setInt(fd, SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_MULTICAST_LOOP, loopback ? 1 : 0, "IPV6_MULTICAST_LOOP");
      return;
    }
    if (nif != null) {
      ByteBuffer req = DirectBuffers.allocate(16);
      int len;
      if (LINUX) {
        req.putInt(8, nif.getIndex());
        len = 12;
      } else {
        req.put(0, ipv4Of(nif).getAddress(), 0, 4);
        len = 4;
      }
      SocketCalls.setBytes(fd, SocketConstants.IPPROTO_IP, SocketConstants.IP_MULTICAST_IF, req, len, "IP_MULTICAST_IF " + nif.getName());
    }
    SocketCalls.setInt(fd, SocketConstants.IPPROTO_IP, SocketConstants.IP_MULTICAST_LOOP, loopback ? 1 : 0, "IP_MULTICAST_LOOP");
  }

  private static Inet4Address ipv4Of(NetworkInterface nif) throws IOException {
    for (Enumeration<InetAddress> e = nif.getInetAddresses(); e.hasMoreElements(); ) {
      InetAddress a = e.nextElement();
      if (a instanceof Inet4Address) return (Inet4Address) a;
    }
    throw new IOException("interface " + nif.getName() + " has no IPv4 address");
  }

  @Override
  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) SocketCalls.localAddress(fd);
  }

  @Override
  void close() throws IOException {
    SocketCalls.close(fd);
  }
}

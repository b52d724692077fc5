package io.pulse.internal.unix;

import com.sun.jna.Platform;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes {@code sockaddr_in}/{@code sockaddr_in6}/{@code sockaddr_un} in a caller's scratch buffer.
 * Linux puts a 16-bit family first; macOS a length byte and a family byte. Ports and addresses are big-endian.
 */
public final class SockAddr {
  /** Enough for sockaddr_in6 (28) or sockaddr_storage-sized answers. */
  public static final int MAX_SIZE = 128;
  private static final boolean MAC = Platform.isMac();
  /** sizeof(sun_path): the longest Unix socket path is one byte shorter (NUL). */
  public static final int UNIX_PATH_MAX = MAC ? 104 : 108;

  private SockAddr() {}

  /** Writes an internet or Unix domain address at offset 0 of {@code buf} and returns its length. */
  public static int encode(SocketAddress address, ByteBuffer buf) {
    if (address instanceof InetSocketAddress) return encode((InetSocketAddress) address, buf);
    if (address instanceof UnixDomainSocketAddress) return encode((UnixDomainSocketAddress) address, buf);
    throw new IllegalArgumentException("unsupported address type: " + address);
  }

  /** Writes a {@code sockaddr_un} for {@code address} (a filesystem path) and returns its length. */
  public static int encode(UnixDomainSocketAddress address, ByteBuffer buf) {
    byte[] path = address.getPath().toString().getBytes(StandardCharsets.UTF_8);
    if (path.length == 0) throw new IllegalArgumentException("empty Unix socket path");
    if (path.length >= UNIX_PATH_MAX) {
      throw new IllegalArgumentException("Unix socket path longer than " + (UNIX_PATH_MAX - 1) + " bytes: "
          + address.getPath());
    }
    int len = 2 + path.length + 1;
    for (int i = 0; i < len; i++) buf.put(i, (byte) 0);
    family(buf, len, SocketConstants.AF_UNIX);
    buf.order(ByteOrder.nativeOrder());
    buf.put(2, path, 0, path.length);
    return len;
  }

  /** True if {@code address} is a Unix domain socket address. */
  public static boolean isUnix(SocketAddress address) {
    return address instanceof UnixDomainSocketAddress;
  }

  /** Writes {@code address} at offset 0 of {@code buf} and returns its length. */
  public static int encode(InetSocketAddress address, ByteBuffer buf) {
    InetAddress ip = address.getAddress();
    if (ip == null) throw new IllegalArgumentException("unresolved address: " + address);
    for (int i = 0; i < 28; i++) buf.put(i, (byte) 0);
    buf.order(ByteOrder.BIG_ENDIAN);
    try {
      if (ip instanceof Inet4Address) {
        family(buf, 16, SocketConstants.AF_INET);
        buf.putShort(2, (short) address.getPort());
        buf.put(4, ip.getAddress(), 0, 4);
        return 16;
      }
      family(buf, 28, SocketConstants.AF_INET6);
      buf.putShort(2, (short) address.getPort());
      buf.put(8, ip.getAddress(), 0, 16);
      buf.putInt(24, ((Inet6Address) ip).getScopeId());
      return 28;
    } finally {
      buf.order(ByteOrder.nativeOrder());
    }
  }

  /** Reads a sockaddr of {@code len} bytes from offset 0: an InetSocketAddress or a UnixDomainSocketAddress. */
  public static SocketAddress decodeAny(ByteBuffer buf, int len) throws IOException {
    if (family(buf) != SocketConstants.AF_UNIX) return decode(buf, len);
    int end = 2;
    while (end < len && buf.get(end) != 0) end++;
    byte[] path = new byte[end - 2];
    buf.get(2, path, 0, path.length);
    return UnixDomainSocketAddress.of(new String(path, StandardCharsets.UTF_8)); // "" for an unnamed peer
  }

  /** The address family of the sockaddr at offset 0. */
  public static int family(ByteBuffer buf) {
    return MAC ? buf.get(1) & 0xff : buf.order(ByteOrder.nativeOrder()).getShort(0) & 0xffff;
  }

  /** Reads an internet sockaddr of {@code len} bytes from offset 0 of {@code buf}. */
  public static InetSocketAddress decode(ByteBuffer buf, int len) throws IOException {
    int family = family(buf);
    int port = ((buf.get(2) & 0xff) << 8) | (buf.get(3) & 0xff);
    try {
      if (family == SocketConstants.AF_INET && len >= 16) {
        byte[] a = new byte[4];
        buf.get(4, a, 0, 4);
        return new InetSocketAddress(InetAddress.getByAddress(a), port);
      }
      if (family == SocketConstants.AF_INET6 && len >= 24) {
        byte[] a = new byte[16];
        buf.get(8, a, 0, 16);
        return new InetSocketAddress(InetAddress.getByAddress(a), port);
      }
    } catch (UnknownHostException e) {
      throw new IOException("bad address bytes", e);
    }
    throw new IOException("unsupported address family " + family + " (length " + len + ")");
  }

  private static void family(ByteBuffer buf, int len, int family) {
    if (MAC) {
      buf.put(0, (byte) len);
      buf.put(1, (byte) family);
    } else {
      buf.order(ByteOrder.nativeOrder()).putShort(0, (short) family);
      buf.order(ByteOrder.BIG_ENDIAN);
    }
  }
}

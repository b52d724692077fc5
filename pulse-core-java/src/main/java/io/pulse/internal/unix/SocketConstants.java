package io.pulse.internal.unix;

import com.sun.jna.Platform;

/** Socket constants for Linux and macOS. */
public final class SocketConstants {
  private static final boolean MAC = Platform.isMac();

  public static final int AF_UNIX = 1;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = MAC ? 30 : 10;
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_NONBLOCK = MAC ? 0 : 0x800;
  public static final int SOCK_CLOEXEC = MAC ? 0 : 0x80000;
  public static final int SOL_SOCKET = MAC ? 0xffff : 1;
  public static final int SO_REUSEADDR = MAC ? 0x4 : 2;
  public static final int SO_REUSEPORT = MAC ? 0x200 : 15;
  public static final int SO_ERROR = MAC ? 0x1007 : 4;
  public static final int SO_KEEPALIVE = MAC ? 0x8 : 9;
  public static final int SO_LINGER = MAC ? 0x80 : 13;
  public static final int SO_SNDBUF = MAC ? 0x1001 : 7;
  public static final int SO_RCVBUF = MAC ? 0x1002 : 8;
  public static final int IPPROTO_IP = 0;
  public static final int IPPROTO_TCP = 6;
  public static final int IP_TOS = MAC ? 3 : 1;
  public static final int IP_MULTICAST_IF = MAC ? 9 : 32;
  public static final int IP_MULTICAST_LOOP = MAC ? 11 : 34;
  public static final int IP_ADD_MEMBERSHIP = MAC ? 12 : 35;
  public static final int IP_DROP_MEMBERSHIP = MAC ? 13 : 36;
  public static final int IPV6_MULTICAST_IF = MAC ? 9 : 17;
  public static final int IPV6_MULTICAST_LOOP = MAC ? 11 : 19;
  public static final int IPV6_JOIN_GROUP = MAC ? 12 : 20;
  public static final int IPV6_LEAVE_GROUP = MAC ? 13 : 21;
  public static final int IPV6_TCLASS = MAC ? 36 : 67;
  public static final int IPPROTO_IPV6 = 41;
  public static final int IPV6_V6ONLY = MAC ? 27 : 26;
  public static final int TCP_NODELAY = 1;
  public static final int TCP_KEEPIDLE = MAC ? 0x10 : 4;
  public static final int TCP_KEEPINTVL = MAC ? 0x101 : 5;
  public static final int TCP_KEEPCNT = MAC ? 0x102 : 6;
  public static final int MSG_TRUNC = MAC ? 0x10 : 0x20;
  public static final int SHUT_RD = 0;
  public static final int SHUT_WR = 1;
  public static final int SHUT_RDWR = 2;
  public static final int F_SETFD = 2;
  public static final int F_GETFL = 3;
  public static final int F_SETFL = 4;
  public static final int FD_CLOEXEC = 1;
  public static final int O_NONBLOCK = MAC ? 0x4 : 0x800;

  private SocketConstants() {}
}

package io.pulse.internal.unix;

import com.sun.jna.Native;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Checked wrappers over {@link LibC}/{@link LinuxNative} socket calls: each throws an IOException naming the call
 * and errno on failure. Non-blocking reads and writes return -1 for EAGAIN instead of throwing.
 */
public final class SocketCalls {
  private static final boolean LINUX = !Errno.MAC;

  private SocketCalls() {}

  /** A non-blocking, close-on-exec TCP socket for the family of {@code address}. */
  public static int tcpSocket(InetSocketAddress address) throws IOException {
    return socket(address, SocketConstants.SOCK_STREAM);
  }

  /** The address family of {@code address}: AF_INET, AF_INET6 or AF_UNIX. */
  public static int family(SocketAddress address) {
    if (SockAddr.isUnix(address)) return SocketConstants.AF_UNIX;
    return ((InetSocketAddress) address).getAddress() instanceof Inet6Address ? SocketConstants.AF_INET6 : SocketConstants.AF_INET;
  }

  /** A non-blocking, close-on-exec socket of {@code type} (SOCK_STREAM, SOCK_DGRAM) for the family of {@code address}. */
  public static int socket(SocketAddress address, int type) throws IOException {
    int family = family(address);
    int fd = LibC.socket(family, type | SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw Errno.lastError("socket(" + (family == SocketConstants.AF_INET ? "AF_INET" : family == SocketConstants.AF_UNIX ? "AF_UNIX"
          : "AF_INET6") + (type == SocketConstants.SOCK_DGRAM ? ", SOCK_DGRAM" : "") + ")");
    }
    if (!LINUX) {
      try {
        makeNonBlocking(fd);
      } catch (IOException e) {
        LibC.close(fd);
        throw e;
      }
    }
    return fd;
  }

  /** Sets an int-valued socket option. */
  public static void setInt(int fd, int level, int option, int value, String name) throws IOException {
    Scratch s = Scratch.get();
    s.buf.putInt(0, value);
    if (LibC.setsockopt(fd, level, option, s.address, 4) < 0) {
      throw Errno.lastError("setsockopt(fd=" + fd + ", " + name + "=" + value + ")");
    }
  }

  /** Reads an int-valued socket option. */
  public static int getInt(int fd, int level, int option, String name) throws IOException {
    Scratch s = Scratch.get();
    s.buf.putInt(0, 0);
    s.buf.putInt(8, 4);
    if (LibC.getsockopt(fd, level, option, s.address, s.address + 8) < 0) {
      throw Errno.lastError("getsockopt(fd=" + fd + ", " + name + ")");
    }
    return s.buf.getInt(0);
  }

  /** Sets an option from {@code len} bytes of {@code value} (a struct such as ip_mreqn). */
  public static void setBytes(int fd, int level, int option, ByteBuffer value, int len, String name)
      throws IOException {
    Scratch s = Scratch.get();
    for (int i = 0; i < len; i++) s.buf.put(i, value.get(i));
    if (LibC.setsockopt(fd, level, option, s.address, len) < 0) {
      throw Errno.lastError("setsockopt(fd=" + fd + ", " + name + ")");
    }
  }

  /** SO_LINGER's seconds, or -1 when it is off. */
  public static int getLinger(int fd) throws IOException {
    Scratch s = Scratch.get();
    s.buf.putLong(0, 0);
    s.buf.putInt(8, 8);
    if (LibC.getsockopt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_LINGER, s.address, s.address + 8) < 0) {
      throw Errno.lastError("getsockopt(fd=" + fd + ", SO_LINGER)");
    }
    return s.buf.getInt(0) == 0 ? -1 : s.buf.getInt(4);
  }

  /** SO_LINGER on with the given seconds (0 makes close send RST). */
  public static void setLinger(int fd, int seconds) throws IOException {
    Scratch s = Scratch.get();
    s.buf.putInt(0, 1);
    s.buf.putInt(4, seconds);
    if (LibC.setsockopt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_LINGER, s.address, 8) < 0) {
      throw Errno.lastError("setsockopt(fd=" + fd + ", SO_LINGER=" + seconds + ")");
    }
  }

  public static void bind(int fd, SocketAddress address) throws IOException {
    Scratch s = Scratch.get();
    int len = SockAddr.encode(address, s.buf);
    if (LibC.bind(fd, s.address, len) < 0) throw Errno.lastError("bind(fd=" + fd + ", " + address + ")");
  }

  public static void listen(int fd, int backlog) throws IOException {
    if (LibC.listen(fd, backlog) < 0) throw Errno.lastError("listen(fd=" + fd + ", backlog=" + backlog + ")");
  }

  /**
   * Accepts one connection as a non-blocking socket; returns its fd, or -1 when none is waiting (EAGAIN).
   * Throws for real errors, EMFILE and ENFILE included (the caller backs off).
   */
  public static int accept(int listenFd) throws IOException {
    for (;;) {
      int fd = LINUX
          ? LinuxNative.accept4(listenFd, 0, 0, SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC)
          : LibC.accept(listenFd, 0, 0);
      if (fd >= 0) {
        if (!LINUX) makeNonBlocking(fd);
        return fd;
      }
      int errno = Native.getLastError();
      if (errno == Errno.EAGAIN) return -1;
      if (errno == Errno.EINTR || errno == Errno.ECONNABORTED) continue;
      throw Errno.newIOException("accept(fd=" + listenFd + ")", errno);
    }
  }

  /** Starts a non-blocking connect: true if connected at once, false if in progress (EINPROGRESS). */
  public static boolean connect(int fd, SocketAddress address) throws IOException {
    Scratch s = Scratch.get();
    int len = SockAddr.encode(address, s.buf);
    if (LibC.connect(fd, s.address, len) == 0) return true;
    int errno = Native.getLastError();
    if (errno == Errno.EINPROGRESS) return false;
    if (errno == Errno.EAGAIN) { // AF_UNIX: the listener's backlog is full
      throw Errno.newIOException("connect(fd=" + fd + ", " + address + "; listener backlog full)", errno);
    }
    throw Errno.newIOException("connect(fd=" + fd + ", " + address + ")", errno);
  }

  public static SocketAddress localAddress(int fd) throws IOException {
    Scratch s = Scratch.get();
    s.buf.putInt(SockAddr.MAX_SIZE, SockAddr.MAX_SIZE);
    if (LibC.getsockname(fd, s.address, s.address + SockAddr.MAX_SIZE) < 0) {
      throw Errno.lastError("getsockname(fd=" + fd + ")");
    }
    return SockAddr.decodeAny(s.buf, s.buf.getInt(SockAddr.MAX_SIZE));
  }

  public static SocketAddress remoteAddress(int fd) throws IOException {
    Scratch s = Scratch.get();
    s.buf.putInt(SockAddr.MAX_SIZE, SockAddr.MAX_SIZE);
    if (LibC.getpeername(fd, s.address, s.address + SockAddr.MAX_SIZE) < 0) {
      throw Errno.lastError("getpeername(fd=" + fd + ")");
    }
    return SockAddr.decodeAny(s.buf, s.buf.getInt(SockAddr.MAX_SIZE));
  }

  /** Reads into native memory: bytes read, 0 at end of stream, -1 if nothing is available (EAGAIN). */
  public static int read(int fd, long address, int length) throws IOException {
    for (;;) {
      long n = LibC.read(fd, address, length);
      if (n > 0) return (int) n;
      if (n == 0) return 0;
      int errno = Native.getLastError();
      if (errno == Errno.EAGAIN) return -1;
      if (errno != Errno.EINTR) throw Errno.newIOException("read(fd=" + fd + ")", errno);
    }
  }

  /** Writes from native memory: bytes written, or -1 if the socket buffer is full (EAGAIN). */
  public static long write(int fd, long address, int length) throws IOException {
    for (;;) {
      long n = LibC.write(fd, address, length);
      if (n >= 0) return n;
      int errno = Native.getLastError();
      if (errno == Errno.EAGAIN) return -1;
      if (errno != Errno.EINTR) throw Errno.newIOException("write(fd=" + fd + ")", errno);
    }
  }

  /** Gathering write of {@code count} iovecs at {@code iov}: bytes written, or -1 on EAGAIN. */
  public static long writev(int fd, long iov, int count) throws IOException {
    for (;;) {
      long n = LibC.writev(fd, iov, count);
      if (n >= 0) return n;
      int errno = Native.getLastError();
      if (errno == Errno.EAGAIN) return -1;
      if (errno != Errno.EINTR) throw Errno.newIOException("writev(fd=" + fd + ", iovcnt=" + count + ")", errno);
    }
  }

  /**
   * Receives one datagram into native memory with its sender's sockaddr at {@code addr} (length slot at
   * {@code lenPtr}): the datagram's full length (MSG_TRUNC on Linux: may exceed {@code length}), or -1 on EAGAIN.
   */
  public static long recvfrom(int fd, long address, int length, long addr, long lenPtr) throws IOException {
    for (;;) {
      long n = LibC.recvfrom(fd, address, length, LINUX ? SocketConstants.MSG_TRUNC : 0, addr, lenPtr);
      if (n >= 0) return n;
      int errno = Native.getLastError();
      if (errno == Errno.EAGAIN) return -1;
      if (errno != Errno.EINTR) throw Errno.newIOException("recvfrom(fd=" + fd + ")", errno);
    }
  }

  /**
   * Linux: receives up to {@code vlen} datagrams into the {@code struct mmsghdr} array at {@code msgvec} in one call;
   * returns how many (each one's length in its {@code msg_len}), or 0 when none is waiting (EAGAIN).
   */
  public static int recvmmsg(int fd, long msgvec, int vlen) throws IOException {
    for (;;) {
      int n = LinuxNative.recvmmsg(fd, msgvec, vlen, 0, 0);
      if (n >= 0) return n;
      int errno = Native.getLastError();
      if (errno == Errno.EAGAIN) return 0;
      if (errno != Errno.EINTR) throw Errno.newIOException("recvmmsg(fd=" + fd + ", vlen=" + vlen + ")", errno);
    }
  }

  /** Sends one datagram to the sockaddr of {@code addrLen} bytes at {@code addr}: bytes sent, or -1 on EAGAIN. */
  public static long sendto(int fd, long address, int length, long addr, int addrLen) throws IOException {
    for (;;) {
      long n = LibC.sendto(fd, address, length, 0, addr, addrLen);
      if (n >= 0) return n;
      int errno = Native.getLastError();
      if (errno == Errno.EAGAIN || errno == Errno.ENOBUFS) return -1;
      if (errno != Errno.EINTR) throw Errno.newIOException("sendto(fd=" + fd + ", length=" + length + ")", errno);
    }
  }

  public static void shutdown(int fd, int how) throws IOException {
    if (LibC.shutdown(fd, how) < 0) {
      int errno = Native.getLastError();
      if (errno != Errno.ENOTCONN) throw Errno.newIOException("shutdown(fd=" + fd + ", how=" + how + ")", errno);
    }
  }

  public static void close(int fd) throws IOException {
    if (LibC.close(fd) < 0) {
      int errno = Native.getLastError();
      if (errno != Errno.EINTR) throw Errno.newIOException("close(fd=" + fd + ")", errno);
    }
  }

  /** Sets O_NONBLOCK and FD_CLOEXEC on {@code fd}. */
  public static void makeNonBlocking(int fd) throws IOException {
    int flags = LibC.fcntl(fd, SocketConstants.F_GETFL, 0);
    if (flags < 0) throw Errno.lastError("fcntl(fd=" + fd + ", F_GETFL)");
    if (LibC.fcntl(fd, SocketConstants.F_SETFL, flags | SocketConstants.O_NONBLOCK) < 0) {
      throw Errno.lastError("fcntl(fd=" + fd + ", F_SETFL, O_NONBLOCK)");
    }
    if (LibC.fcntl(fd, SocketConstants.F_SETFD, SocketConstants.FD_CLOEXEC) < 0) throw Errno.lastError("fcntl(fd=" + fd + ", F_SETFD)");
  }
}

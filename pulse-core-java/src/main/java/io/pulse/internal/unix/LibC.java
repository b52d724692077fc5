package io.pulse.internal.unix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * POSIX socket calls through JNA direct mapping. Pointers are passed as {@code long} addresses (64-bit only);
 * results are raw: callers check them and read errno with {@code Native.getLastError()} (see {@link Errno}).
 */
public final class LibC {
  static {
    Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private LibC() {}

  public static native int socket(int domain, int type, int protocol);

  public static native int socketpair(int domain, int type, int protocol, int[] sv);

  public static native int setsockopt(int fd, int level, int name, long value, int len);

  public static native int getsockopt(int fd, int level, int name, long value, long lenPtr);

  public static native int bind(int fd, long addr, int len);

  public static native int listen(int fd, int backlog);

  public static native int accept(int fd, long addr, long lenPtr);

  public static native int connect(int fd, long addr, int len);

  public static native long read(int fd, long buf, long count);

  public static native long write(int fd, long buf, long count);

  public static native long writev(int fd, long iov, int iovcnt);

  public static native long recvfrom(int fd, long buf, long len, int flags, long addr, long lenPtr);

  public static native long sendto(int fd, long buf, long len, int flags, long addr, int addrLen);

  public static native int shutdown(int fd, int how);

  public static native int close(int fd);

  public static native int getsockname(int fd, long addr, long lenPtr);

  public static native int getpeername(int fd, long addr, long lenPtr);

  public static native int fcntl(int fd, int cmd, int arg);

  public static native String strerror(int errnum);
}

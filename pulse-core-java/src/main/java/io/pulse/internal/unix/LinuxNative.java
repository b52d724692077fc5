package io.pulse.internal.unix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/** Linux-only calls (epoll, eventfd, accept4, recvmmsg) through JNA direct mapping; raw results, see {@link LibC}. */
public final class LinuxNative {
  static {
    Native.register(LinuxNative.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private LinuxNative() {}

  public static native int epoll_create1(int flags);

  public static native int epoll_ctl(int epfd, int op, int fd, long event);

  public static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);

  public static native int eventfd(int initval, int flags);

  public static native int accept4(int fd, long addr, long lenPtr, int flags);

  public static native int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout);
}

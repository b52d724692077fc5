package io.pulse.internal.unix;

import com.sun.jna.Platform;
import java.io.IOException;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.Map;

/**
 * errno values and the one place that turns them into exceptions. Messages read
 * {@code "epoll_ctl(ADD, fd=12): EBADF (Bad file descriptor)"}. EAGAIN is a return value, never an exception.
 */
public final class Errno {
  public static final boolean MAC = Platform.isMac();
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EBADF = 9;
  public static final int EAGAIN = MAC ? 35 : 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EINVAL = 22;
  public static final int ENFILE = 23;
  public static final int EMFILE = 24;
  public static final int EPIPE = 32;
  public static final int EINPROGRESS = MAC ? 36 : 115;
  public static final int ENOTSOCK = MAC ? 38 : 88;
  public static final int EMSGSIZE = MAC ? 40 : 90;
  public static final int EOPNOTSUPP = MAC ? 102 : 95;
  public static final int EADDRINUSE = MAC ? 48 : 98;
  public static final int EADDRNOTAVAIL = MAC ? 49 : 99;
  public static final int ENETUNREACH = MAC ? 51 : 101;
  public static final int ECONNABORTED = MAC ? 53 : 103;
  public static final int ECONNRESET = MAC ? 54 : 104;
  public static final int ENOBUFS = MAC ? 55 : 105;
  public static final int ENOTCONN = MAC ? 57 : 107;
  public static final int ETIMEDOUT = MAC ? 60 : 110;
  public static final int ECONNREFUSED = MAC ? 61 : 111;
  public static final int EHOSTUNREACH = MAC ? 65 : 113;
  // io_uring results (Linux values; io_uring is Linux-only, the macOS values are there for the names).
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENOSYS = MAC ? 78 : 38;
  public static final int ETIME = MAC ? 101 : 62;
  public static final int EALREADY = MAC ? 37 : 114;
  public static final int ECANCELED = MAC ? 89 : 125;

  private static final Map<Integer, String> NAMES = new HashMap<>();
  private static final Map<Integer, String> TEXTS = new HashMap<>();

  static {
    name(EPERM, "EPERM"); name(ENOENT, "ENOENT"); name(EINTR, "EINTR"); name(EBADF, "EBADF");
    name(EAGAIN, "EAGAIN"); name(ENOMEM, "ENOMEM"); name(EACCES, "EACCES"); name(EFAULT, "EFAULT"); name(EINVAL, "EINVAL");
    name(ENFILE, "ENFILE"); name(EMFILE, "EMFILE"); name(EPIPE, "EPIPE"); name(EINPROGRESS, "EINPROGRESS");
    name(ENOTSOCK, "ENOTSOCK"); name(EOPNOTSUPP, "EOPNOTSUPP"); name(EMSGSIZE, "EMSGSIZE"); name(EADDRINUSE, "EADDRINUSE");
    name(EADDRNOTAVAIL, "EADDRNOTAVAIL"); name(ENETUNREACH, "ENETUNREACH"); name(ECONNABORTED, "ECONNABORTED");
    name(ECONNRESET, "ECONNRESET"); name(ENOBUFS, "ENOBUFS"); name(ENOTCONN, "ENOTCONN");
    name(ETIMEDOUT, "ETIMEDOUT"); name(ECONNREFUSED, "ECONNREFUSED"); name(EHOSTUNREACH, "EHOSTUNREACH");
    name(EBUSY, "EBUSY"); name(EEXIST, "EEXIST"); name(ENOSYS, "ENOSYS"); name(ETIME, "ETIME");
    name(EALREADY, "EALREADY"); name(ECANCELED, "ECANCELED");
  }

  private Errno() {}

  private static void name(int errno, String name) {
    NAMES.put(errno, name);
  }

  /** The symbolic name, e.g. "ECONNRESET", or "errno 77". */
  public static String name(int errno) {
    String n = NAMES.get(errno);
    return n != null ? n : "errno " + errno;
  }

  /** The C library's text for {@code errno}, cached. */
  public static synchronized String text(int errno) {
    return TEXTS.computeIfAbsent(errno, e -> {
      try {
        String s = LibC.strerror(e);
        return s != null ? s : "unknown error";
      } catch (Throwable t) {
        return "unknown error";
      }
    });
  }

  /** {@code "call: ENAME (text)"} as the right IOException subtype; resets and broken pipes skip the stack. */
  public static IOException newIOException(String call, int errno) {
    String msg = call + ": " + name(errno) + " (" + text(errno) + ")";
    if (errno == ECONNREFUSED) return new ConnectException(msg);
    if (errno == EADDRINUSE || errno == EADDRNOTAVAIL) return new java.net.BindException(msg); // as NIO throws
    if (errno == ECONNRESET || errno == EPIPE) return new NativeIoException(msg, errno, false);
    return new NativeIoException(msg, errno, true);
  }

  /** An exception for the calling thread's last errno. */
  public static IOException lastError(String call) {
    return newIOException(call, com.sun.jna.Native.getLastError());
  }
}

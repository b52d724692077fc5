package io.pulse.internal.uring;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The libc calls io_uring needs, through JNA direct mapping: {@code syscall(2)} for io_uring_setup/enter/register
 * (425/426/427 on x86-64 and aarch64, no liburing), and {@code mmap}/{@code munmap} for the rings. Raw results:
 * callers check them and read errno with {@code Native.getLastError()}.
 */
final class UringNative {
  static final long SYS_IO_URING_SETUP = 425;
  static final long SYS_IO_URING_ENTER = 426;
  static final long SYS_IO_URING_REGISTER = 427;

  static final int PROT_READ = 0x1;
  static final int PROT_WRITE = 0x2;
  static final int MAP_SHARED = 0x01;
  static final int MAP_PRIVATE = 0x02;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MAP_POPULATE = 0x8000;
  static final long MAP_FAILED = -1L;

  static {
    Native.register(UringNative.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private UringNative() {}

  /**
   * {@code long syscall(long number, ...)}: declared with six fixed arguments. glibc's syscall() is assembly that
   * only moves registers, so the variadic convention (%al on x86-64) does not matter; unused arguments are 0.
   */
  static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

  static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

  static native int munmap(long addr, long length);

  static long setup(int entries, long params) {
    return syscall(SYS_IO_URING_SETUP, entries, params, 0, 0, 0, 0);
  }

  static long enter(int fd, int toSubmit, int minComplete, int flags, long arg, long argSize) {
    return syscall(SYS_IO_URING_ENTER, fd, toSubmit, minComplete, flags, arg, argSize);
  }

  static long register(int fd, int opcode, long arg, int nrArgs) {
    return syscall(SYS_IO_URING_REGISTER, fd, opcode, arg, nrArgs, 0, 0);
  }
}

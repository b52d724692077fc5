package io.pulse.internal.uring;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.pulse.internal.unix.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One {@code mmap}ed region and a native-order direct ByteBuffer over it (the view the hot path reads and writes).
 * Unmapped once by {@link #unmap()}; the view must not be touched afterwards.
 */
final class Mapping {
  final long address;
  final long length;
  final ByteBuffer buf;
  private boolean unmapped;

  private Mapping(long address, long length) {
    this.address = address;
    this.length = length;
    this.buf = new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
  }

  /** Maps part of an io_uring fd (a ring or the SQE array) shared with the kernel. */
  static Mapping ofRing(int ringFd, long offset, long length, String what) throws IOException {
    long a = UringNative.mmap(0, length, UringNative.PROT_READ | UringNative.PROT_WRITE,
        UringNative.MAP_SHARED | UringNative.MAP_POPULATE, ringFd, offset);
    if (a == UringNative.MAP_FAILED) {
      throw Errno.lastError("mmap(io_uring fd=" + ringFd + ", " + what + ", length=" + length + ")");
    }
    return new Mapping(a, length);
  }

  /** Maps zeroed, page-aligned private memory (buffer rings and their buffers). */
  static Mapping anonymous(long length, String what) throws IOException {
    if (length <= 0 || length > Integer.MAX_VALUE) throw new IllegalArgumentException(what + " length: " + length);
    long a = UringNative.mmap(0, length, UringNative.PROT_READ | UringNative.PROT_WRITE,
        UringNative.MAP_PRIVATE | UringNative.MAP_ANONYMOUS, -1, 0);
    if (a == UringNative.MAP_FAILED) throw Errno.lastError("mmap(anonymous, " + what + ", length=" + length + ")");
    return new Mapping(a, length);
  }

  /** Unmaps the region (idempotent). */
  void unmap() throws IOException {
    if (unmapped) return;
    unmapped = true;
    if (UringNative.munmap(address, length) != 0) {
      throw Errno.newIOException("munmap(length=" + length + ")", Native.getLastError());
    }
  }
}

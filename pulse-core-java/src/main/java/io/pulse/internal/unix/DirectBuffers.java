package io.pulse.internal.unix;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Off-heap buffers in native byte order, and their addresses for native calls. */
public final class DirectBuffers {
  private DirectBuffers() {}

  /** A new direct buffer of {@code size} bytes in native order. */
  public static ByteBuffer allocate(int size) {
    return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
  }

  /** The address of byte 0 of a direct buffer (not of its position). */
  public static long address(ByteBuffer direct) {
    if (!direct.isDirect()) throw new IllegalArgumentException("not a direct buffer");
    return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
  }
}

package io.pulse.internal.buffer;

import io.pulse.internal.unix.DirectBuffers;
import java.nio.ByteBuffer;

/** Per-loop reusable space for gathering writes: an off-heap iovec array and a ByteBuffer[] for NIO. */
public final class GatherScratch {
  /** Entries per gathering write (Linux's IOV_MAX is 1024). */
  public static final int MAX = 256;

  private final ByteBuffer iov;
  private final long iovAddress;
  private final ByteBuffer[] buffers = new ByteBuffer[MAX];

  public GatherScratch(boolean nativeTransport) {
    iov = nativeTransport ? DirectBuffers.allocate(MAX * 16) : null;
    iovAddress = nativeTransport ? DirectBuffers.address(iov) : 0;
  }

  /** The off-heap iovec array (MAX entries of address, length); null on NIO. */
  public ByteBuffer iov() {
    return iov;
  }

  /** The native address of {@link #iov()}. */
  public long iovAddress() {
    return iovAddress;
  }

  /** The ByteBuffer array for a NIO gathering write. */
  public ByteBuffer[] buffers() {
    return buffers;
  }
}

package io.pulse.internal.net;

import io.pulse.internal.unix.DirectBuffers;
import java.nio.ByteBuffer;

/** Per-loop reusable space for gathering writes: an off-heap iovec array and a ByteBuffer[] for NIO. */
public final class GatherScratch {
  /** Entries per gathering write (Linux's IOV_MAX is 1024). */
  public static final int MAX = 256;

  final ByteBuffer iov;
  final long iovAddress;
  final ByteBuffer[] buffers = new ByteBuffer[MAX];

  public GatherScratch(boolean nativeTransport) {
    iov = nativeTransport ? DirectBuffers.allocate(MAX * 16) : null;
    iovAddress = nativeTransport ? DirectBuffers.address(iov) : 0;
  }
}

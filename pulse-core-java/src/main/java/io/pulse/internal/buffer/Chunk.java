package io.pulse.internal.buffer;

import io.pulse.internal.unix.DirectBuffers;
import java.nio.ByteBuffer;

/** A fixed-size off-heap slab of outbound bytes: [readIndex, writeIndex) wait to be sent. */
final class Chunk {
  static final int SIZE = 16 * 1024;

  final ByteBuffer buf = DirectBuffers.allocate(SIZE);
  final long address = DirectBuffers.address(buf);
  int readIndex;
  int writeIndex;
  Chunk next;
  /** Dropped from its queue while a send still read it in place: pooled once that send is over. */
  boolean dropped;

  int readable() {
    return writeIndex - readIndex;
  }

  int writable() {
    return SIZE - writeIndex;
  }

  void reset() {
    buf.clear(); // a NIO gathering write narrows position and limit
    readIndex = 0;
    writeIndex = 0;
    next = null;
    dropped = false;
  }
}

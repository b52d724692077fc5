package io.pulse.internal.unix;

import java.nio.ByteBuffer;

/** A small per-thread off-heap buffer for call arguments (socket addresses, option values). */
final class Scratch {
  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  final ByteBuffer buf = DirectBuffers.allocate(256);
  final long address = DirectBuffers.address(buf);

  static Scratch get() {
    return LOCAL.get();
  }
}

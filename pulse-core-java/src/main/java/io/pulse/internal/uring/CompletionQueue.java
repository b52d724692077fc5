package io.pulse.internal.uring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The completion side of a ring, over the mapped CQ ring. The kernel's tail is read with acquire, CQEs with plain
 * loads, and the head is handed back with a release store once a batch is consumed. Counts the completions that end
 * an op (no {@code IORING_CQE_F_MORE}) so the ring knows what is still in flight. One thread only.
 */
final class CompletionQueue {
  private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

  private final ByteBuffer ring;
  private final int headOff;
  private final int tailOff;
  private final int overflowOff;
  private final int cqesOff;
  private final int mask;
  final int entries;
  private int head;
  /** Completions that ended an op, since the ring was set up. */
  long finished;

  CompletionQueue(ByteBuffer ring, ByteBuffer params) {
    this.ring = ring;
    int o = Uring.P_CQ_OFF;
    headOff = params.getInt(o);
    tailOff = params.getInt(o + 4);
    mask = ring.getInt(params.getInt(o + 8));
    entries = ring.getInt(params.getInt(o + 12));
    overflowOff = params.getInt(o + 16);
    cqesOff = params.getInt(o + 20);
    head = (int) INT.getAcquire(ring, headOff);
  }

  /** Completions posted and not yet drained. */
  int ready() {
    return (int) INT.getAcquire(ring, tailOff) - head;
  }

  /** Completions the kernel had to drop (CQ full without room to keep them); should stay 0 with FEAT_NODROP. */
  int overflow() {
    return (int) INT.getAcquire(ring, overflowOff);
  }

  /**
   * Hands every posted CQE to {@code h} and returns how many. No allocation. If {@code h} throws, the CQEs before it
   * and the one it threw on are consumed; the rest stay for the next drain.
   */
  int drain(CompletionHandler h) {
    final ByteBuffer r = ring;
    final int tail = (int) INT.getAcquire(r, tailOff);
    int n = 0;
    try {
      while (head != tail) {
        int b = cqesOff + (head & mask) * Uring.CQE_SIZE;
        long userData = r.getLong(b);
        int res = r.getInt(b + 8);
        int flags = r.getInt(b + 12);
        head++;
        n++;
        if ((flags & Uring.CQE_F_MORE) == 0) finished++;
        h.onCompletion(userData, res, flags);
      }
    } finally {
      INT.setRelease(r, headOff, head);
    }
    return n;
  }
}

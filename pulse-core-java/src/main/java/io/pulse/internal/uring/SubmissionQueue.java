package io.pulse.internal.uring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The submission side of a ring, over the mapped SQ ring and SQE array. SQEs are written with plain stores at the
 * local tail; {@link #publish()} makes them visible to the kernel with a release store of the shared tail, and the
 * kernel's head is read with acquire. The index array is filled once with the identity (SQE i in slot i).
 * One thread only (the ring's issuer).
 */
final class SubmissionQueue {
  private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

  private final ByteBuffer ring;
  private final ByteBuffer sqes;
  private final int headOff;
  private final int tailOff;
  private final int flagsOff;
  private final int droppedOff;
  private final int mask;
  final int entries;
  private int tail;

  SubmissionQueue(ByteBuffer ring, ByteBuffer sqes, ByteBuffer params) {
    this.ring = ring;
    this.sqes = sqes;
    int o = Uring.P_SQ_OFF;
    headOff = params.getInt(o);
    tailOff = params.getInt(o + 4);
    mask = ring.getInt(params.getInt(o + 8));
    entries = ring.getInt(params.getInt(o + 12));
    flagsOff = params.getInt(o + 16);
    droppedOff = params.getInt(o + 20);
    int arrayOff = params.getInt(o + 24);
    for (int i = 0; i < entries; i++) ring.putInt(arrayOff + 4 * i, i);
    tail = (int) INT.getAcquire(ring, tailOff);
  }

  /** SQEs written but not yet taken by the kernel (published or not). */
  int pending() {
    return tail - (int) INT.getAcquire(ring, headOff);
  }

  /** Free SQE slots. */
  int free() {
    return entries - pending();
  }

  /** Publishes the written SQEs (release store of the tail) and returns how many the kernel has yet to take. */
  int publish() {
    INT.setRelease(ring, tailOff, tail);
    return pending();
  }

  /** The SQ ring flags the kernel sets (CQ_OVERFLOW, TASKRUN). */
  int flags() {
    return (int) INT.getAcquire(ring, flagsOff);
  }

  /** SQEs the kernel dropped as invalid. */
  int dropped() {
    return (int) INT.getAcquire(ring, droppedOff);
  }

  /**
   * Writes every field of the next SQE (so no stale field from an earlier use survives). The caller has checked
   * {@link #free()}. Layout: struct io_uring_sqe, 64 bytes.
   */
  void put(int op, int flags, int ioprio, int fd, long off, long addr, int len, int opFlags, long userData,
      int bufGroup, int fileIndex) {
    final ByteBuffer s = sqes;
    final int b = (tail & mask) * Uring.SQE_SIZE;
    s.put(b, (byte) op);
    s.put(b + 1, (byte) flags);
    s.putShort(b + 2, (short) ioprio);
    s.putInt(b + 4, fd);
    s.putLong(b + 8, off); // off / addr2
    s.putLong(b + 16, addr); // addr / splice_off_in
    s.putInt(b + 24, len);
    s.putInt(b + 28, opFlags); // msg_flags, accept_flags, cancel_flags, timeout_flags, ...
    s.putLong(b + 32, userData);
    s.putShort(b + 40, (short) bufGroup); // buf_index / buf_group
    s.putShort(b + 42, (short) 0); // personality
    s.putInt(b + 44, fileIndex); // splice_fd_in / file_index / addr_len
    s.putLong(b + 48, 0L); // addr3
    s.putLong(b + 56, 0L);
    tail++;
  }
}

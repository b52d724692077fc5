package io.pulse.internal.uring;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-size send buffers in one anonymous mapping: a send op reads its slot until it completes, so the bytes it
 * carries never depend on the caller's buffers staying put. Pages are touched only when used. Ring thread only.
 */
public final class SendSlots {
  private static final Logger log = LoggerFactory.getLogger(SendSlots.class);
  private final Mapping memory;
  private final int slotSize;
  private final int[] free;
  private int freeCount;

  /** {@code count} slots of {@code slotSize} bytes. */
  public SendSlots(int count, int slotSize) throws IOException {
    if (count <= 0 || slotSize <= 0) throw new IllegalArgumentException("count and slotSize must be > 0");
    this.memory = Mapping.anonymous((long) count * slotSize, "send slots");
    this.slotSize = slotSize;
    this.free = new int[count];
    for (int i = 0; i < count; i++) free[i] = count - 1 - i;
    this.freeCount = count;
  }

  /** A free slot, or -1 when all are lent. */
  public int take() {
    return freeCount == 0 ? -1 : free[--freeCount];
  }

  /** Gives {@code slot} back. */
  public void give(int slot) {
    free[freeCount++] = slot;
  }

  /** Bytes in one slot. */
  public int slotSize() {
    return slotSize;
  }

  /** Slots not lent. */
  public int available() {
    return freeCount;
  }

  /** The whole mapping; slot {@code s} starts at {@link #offset}. */
  public ByteBuffer memory() {
    return memory.buf;
  }

  /** Where slot {@code s} starts in {@link #memory()}. */
  public int offset(int slot) {
    return slot * slotSize;
  }

  /** The native address of slot {@code s}. */
  public long address(int slot) {
    return memory.address + (long) slot * slotSize;
  }

  /** Unmaps the slots if no op can still read them ({@code quiet}); otherwise leaks them, which is safe. */
  public void close(boolean quiet) {
    if (!quiet) return;
    try {
      memory.unmap();
    } catch (IOException e) {
      log.warn("{}", e.getMessage());
    }
  }
}

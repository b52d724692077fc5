package io.pulse.internal.buffer;

/** A loop-owned free list of {@link Chunk}s, bounded so an idle loop keeps little memory. Loop thread only. */
public final class ChunkPool {
  private final Chunk[] free;
  private int size;

  public ChunkPool(int maxRetained) {
    free = new Chunk[maxRetained];
  }

  Chunk take() {
    if (size == 0) return new Chunk();
    Chunk c = free[--size];
    free[size] = null;
    return c;
  }

  /** Free chunks kept for reuse (tests). */
  public int retained() {
    return size;
  }

  void give(Chunk c) {
    c.reset();
    if (size < free.length) free[size++] = c;
  }
}

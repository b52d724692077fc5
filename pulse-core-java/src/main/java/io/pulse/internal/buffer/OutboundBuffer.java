package io.pulse.internal.buffer;

import java.nio.ByteBuffer;

/**
 * A connection's queued outbound bytes: a list of pooled {@link Chunk}s. Appending copies; {@link #consume}
 * releases what the kernel took. A send that reads the head chunk in place (io_uring) {@link #pinHead pins} it: the
 * chunk is not reused, even if the queue is released meanwhile, until {@link #unpin}. Loop thread only.
 */
public final class OutboundBuffer {
  private final ChunkPool pool;
  Chunk head;
  private Chunk tail;
  private long size;
  private long offered;
  private Chunk pinned;

  public OutboundBuffer(ChunkPool pool) {
    this.pool = pool;
  }

  /** Bytes queued. */
  public long size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Copies {@code src}'s remaining bytes; its position moves to its limit. */
  public void append(ByteBuffer src) {
    int n = src.remaining();
    size += n;
    while (n > 0) {
      Chunk c = writableTail();
      int k = Math.min(n, c.writable());
      c.buf.put(c.writeIndex, src, src.position(), k);
      src.position(src.position() + k);
      c.writeIndex += k;
      n -= k;
    }
  }

  /** Copies {@code src[offset, offset+length)}. */
  public void append(byte[] src, int offset, int length) {
    size += length;
    while (length > 0) {
      Chunk c = writableTail();
      int k = Math.min(length, c.writable());
      c.buf.put(c.writeIndex, src, offset, k);
      c.writeIndex += k;
      offset += k;
      length -= k;
    }
  }

  private Chunk writableTail() {
    Chunk t = tail;
    if (t != null && t.writable() > 0) {
      t.buf.limit(Chunk.SIZE); // a NIO gathering write may have narrowed it
      return t;
    }
    Chunk c = pool.take();
    if (t == null) head = c;
    else t.next = c;
    tail = c;
    return c;
  }

  /** Writes up to {@code max} iovecs (address, length) into {@code iov}; returns how many. */
  public int fillIov(ByteBuffer iov, int max) {
    int n = 0;
    long bytes = 0;
    for (Chunk c = head; c != null && n < max; c = c.next) {
      int len = c.readable();
      if (len == 0) continue;
      iov.putLong(n * 16, c.address + c.readIndex);
      iov.putLong(n * 16 + 8, len);
      bytes += len;
      n++;
    }
    offered = bytes;
    return n;
  }

  /** Bytes the last {@link #fillIov}/{@link #fillBuffers} offered: a write that took less found the socket full. */
  public long offered() {
    return offered;
  }

  /**
   * Copies up to {@code max} queued bytes from the front into {@code dst} at {@code index}, without consuming them;
   * returns how many, and records them as {@link #offered}.
   */
  public int copyTo(ByteBuffer dst, int index, int max) {
    int n = 0;
    for (Chunk c = head; c != null && n < max; c = c.next) {
      int k = Math.min(c.readable(), max - n);
      if (k == 0) continue;
      dst.put(index + n, c.buf, c.readIndex, k);
      n += k;
    }
    offered = n;
    return n;
  }

  /** True if the head chunk holds every queued byte (and there is one). */
  public boolean inOneChunk() {
    return size > 0 && head.readable() == size;
  }

  /**
   * For a send that reads the queue's first bytes in place (io_uring): pins the head chunk and records its bytes as
   * {@link #offered}; returns their address (their count is {@link #offered()}). Nothing may be consumed until
   * {@link #unpin}.
   */
  public long pinHead() {
    Chunk c = head;
    if (c == null || c.readable() == 0) throw new IllegalStateException("nothing queued to pin");
    if (pinned != null) throw new IllegalStateException("a send already reads this queue");
    pinned = c;
    offered = c.readable();
    return c.address + c.readIndex;
  }

  /** The send that read the pinned chunk is over: it may be reused (pooled now if the queue dropped it). */
  public void unpin() {
    Chunk c = pinned;
    if (c == null) return;
    pinned = null;
    if (c.dropped) pool.give(c);
  }

  /** Returns a chunk the queue dropped to the pool, unless a send still reads it (then {@link #unpin} will). */
  private void recycle(Chunk c) {
    if (c == pinned) c.dropped = true;
    else pool.give(c);
  }

  /** Records {@code n} as the bytes offered by a write whose result arrives later (a completed io_uring send). */
  public void offered(long n) {
    offered = n;
  }

  /** Points up to {@code max} entries of {@code out} at the queued bytes (for a NIO gathering write). */
  public int fillBuffers(ByteBuffer[] out, int max) {
    int n = 0;
    long bytes = 0;
    for (Chunk c = head; c != null && n < max; c = c.next) {
      if (c.readable() == 0) continue;
      ByteBuffer b = c.buf;
      b.limit(c.writeIndex).position(c.readIndex);
      bytes += c.readable();
      out[n++] = b;
    }
    offered = bytes;
    return n;
  }

  /** Drops {@code n} sent bytes from the front, returning emptied chunks to the pool. */
  public void consume(long n) {
    size -= n;
    while (n > 0) {
      Chunk c = head;
      int len = c.readable();
      if (n < len) {
        c.readIndex += (int) n;
        return;
      }
      n -= len;
      head = c.next;
      if (head == null) tail = null;
      recycle(c);
    }
    // A fully drained tail stays only while it still has room.
    if (head != null && head.readable() == 0 && head == tail) {
      recycle(head);
      head = tail = null;
    }
  }

  /** Returns every chunk to the pool and forgets the bytes; returns how many were dropped. */
  public long release() {
    long dropped = size;
    for (Chunk c = head; c != null; ) {
      Chunk next = c.next;
      recycle(c);
      c = next;
    }
    head = tail = null;
    size = 0;
    return dropped;
  }
}

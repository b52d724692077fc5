package io.pulse.internal.server;

import io.pulse.internal.loop.LoopStats;
import io.pulse.internal.buffer.OutboundBuffer;
import io.pulse.internal.buffer.GatherScratch;
import io.pulse.internal.net.StreamSocket;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A connection's bytes accepted for sending and not yet taken by the kernel: the queue, the count other threads
 * see ({@link #pending()}, including bytes still on their way to the loop) and the water marks. Appends report
 * what changed ({@link #BECAME_UNWRITABLE}, {@link #OVER_LIMIT}); {@link #becameWritable} reports the way back.
 * The queue is loop thread only; the count and writability are read by any thread.
 */
final class OutboundBacklog {
  /** Nothing to do after an append. */
  static final int FINE = 0;
  /** Pending bytes rose above the high water mark: the connection became unwritable (reading pauses). */
  static final int BECAME_UNWRITABLE = 1;
  /** Pending bytes exceed maxPendingWriteBytes: the connection must close. */
  static final int OVER_LIMIT = 2;

  private static final VarHandle PENDING;

  static {
    try {
      PENDING = MethodHandles.lookup().findVarHandle(OutboundBacklog.class, "pending", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The queued bytes. Loop thread only. */
  final OutboundBuffer queue;
  private final ServerOptions marks; // highWaterMark, lowWaterMark, maxPendingWriteBytes (read, not copied: idle memory)
  private volatile long pending;
  private volatile boolean writable = true;

  OutboundBacklog(OutboundBuffer queue, ServerOptions marks) {
    this.queue = queue;
    this.marks = marks;
  }

  /** Bytes accepted and not yet sent, counting those still on their way to the loop. Any thread. */
  long pending() {
    return pending;
  }

  /** False above the high water mark until drained to the low one. Any thread. */
  boolean isWritable() {
    return writable;
  }

  /** Counts {@code n} bytes (negative to uncount) that are not in the queue: on their way, or held by a stage. */
  void count(long n) {
    PENDING.getAndAdd(this, n);
  }

  /** Queues a copy of {@code src[offset, offset+length)}. Loop thread. */
  int append(byte[] src, int offset, int length) {
    queue.append(src, offset, length);
    return check((long) PENDING.getAndAdd(this, (long) length) + length);
  }

  /** Queues a copy of {@code src}'s remaining bytes. Loop thread. */
  int append(ByteBuffer src) {
    int n = src.remaining();
    queue.append(src);
    return check((long) PENDING.getAndAdd(this, (long) n) + n);
  }

  /**
   * Queues a copy of {@code src}'s remaining bytes without checking the marks: for a stage that queues several
   * pieces (TLS records) and leaves one {@link #check} to its caller. Loop thread.
   */
  void put(ByteBuffer src) {
    int n = src.remaining();
    queue.append(src);
    PENDING.getAndAdd(this, (long) n);
  }

  /** Re-checks the marks after bytes were counted or queued without a report. Loop thread. */
  int check() {
    return check(pending);
  }

  private int check(long now) {
    if (now > marks.maxPendingWriteBytes) return OVER_LIMIT;
    if (now > marks.highWaterMark && writable) {
      writable = false;
      return BECAME_UNWRITABLE;
    }
    return FINE;
  }

  /** The error for {@link #OVER_LIMIT}. */
  java.io.IOException overLimit(long connId) {
    return new java.io.IOException("conn " + connId + ": " + pending + " bytes waiting to be sent exceed "
        + "maxPendingWriteBytes " + marks.maxPendingWriteBytes + "; the peer does not read fast enough");
  }

  /**
   * Writes the queue to {@code sock} until it drains (true) or the socket buffer is full (false: wait for
   * writability; with edge triggering only a full buffer promises another EPOLLOUT). Loop thread.
   */
  boolean writeTo(StreamSocket sock, GatherScratch scratch, LoopStats stats) throws IOException {
    while (!queue.isEmpty()) {
      long n = sock.write(queue, scratch);
      stats.socketWrites++;
      if (n < 0) return false;
      boolean full = n < queue.offered(); // the kernel took less than offered: its buffer is full
      queue.consume(n);
      PENDING.getAndAdd(this, -n);
      stats.bytesOut += n;
      if (full) return false;
    }
    return true;
  }

  /**
   * Writes {@code data} (the loop's read buffer or its write scratch, at {@code address}) straight to {@code sock}
   * while nothing is queued, advancing its position; returns the bytes left over for the queue. Loop thread.
   */
  int writeDirect(StreamSocket sock, ByteBuffer data, long address, LoopStats stats) throws IOException {
    int pos = data.position();
    int n = data.remaining();
    long w = sock.write(data, address, pos, n);
    stats.socketWrites++;
    if (w <= 0) return n;
    stats.bytesOut += w;
    data.position(pos + (int) w);
    return n - (int) w;
  }

  /** Whether becoming unwritable pauses the connection's own reading (the endpoint's option). */
  boolean pausesReading() {
    return marks.pauseReadingWhenUnwritable;
  }

  /** True once, when an unwritable backlog has drained to the low water mark. Loop thread. */
  boolean becameWritable() {
    if (!writable && pending <= marks.lowWaterMark) {
      writable = true;
      return true;
    }
    return false;
  }

  /**
   * The connection is closing: the kernel gets what it takes now (io_uring: a send in flight is left to finish,
   * else the rest goes with a plain write); those bytes leave the queue as sent. Loop thread, before deregistering.
   */
  void handOver(StreamSocket sock, GatherScratch scratch, LoopStats stats) throws IOException {
    if (queue.isEmpty()) return;
    long before = queue.size();
    boolean mayWrite = sock.settleSends(queue);
    long taken = before - queue.size(); // by the socket's own sends
    if (taken > 0) {
      PENDING.getAndAdd(this, -taken);
      stats.bytesOut += taken;
    }
    if (mayWrite) writeTo(sock, scratch, stats);
  }

  /** Drops everything (the connection closed); returns how many accepted bytes were never sent. Loop thread. */
  long release() {
    return Math.max(queue.release(), (long) PENDING.getAndSet(this, 0L));
  }
}

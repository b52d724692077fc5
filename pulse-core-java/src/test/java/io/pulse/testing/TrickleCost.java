package io.pulse.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;

/**
 * Measures what a parser costs when its input trickles in: this thread's CPU time to push one input through a fresh
 * parser delivered whole, and delivered in small pieces (each copied into one reused read buffer, as a loop reads).
 * Best of several interleaved rounds per side, so a loaded machine inflates both sides alike; the ratio of the two
 * is the figure (a parser that rescans its partial frame grows it with the frame's size).
 */
public final class TrickleCost {

  /** One connection's parser, fed its input read by read. */
  public interface Stream {
    /** Consumes one read: {@code view}'s bytes between position and limit (the buffer is reused afterwards). */
    void feed(ByteBuffer view) throws Exception;

    /** Messages decoded so far. */
    long messages();
  }

  /** The best CPU times of both sides, in nanoseconds. */
  public record Result(long wholeNanos, long piecesNanos, int piece) {
    /** Pieces over whole. */
    public double ratio() {
      return (double) piecesNanos / Math.max(1, wholeNanos);
    }

    @Override
    public String toString() {
      return String.format("whole %.3f ms, in %d-byte pieces %.3f ms, ratio %.2f", wholeNanos / 1e6, piece,
          piecesNanos / 1e6, ratio());
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long WARM_UP_NANOS = 500_000_000L;
  private static final int MAX_WARM_UP_ROUNDS = 2_000;

  private TrickleCost() {}

  /**
   * Feeds {@code input} to fresh streams from {@code streams}, whole and in {@code piece}-byte pieces, {@code rounds}
   * times each (after at least as many warm-up rounds, and at least half a second of them); each pass must decode {@code expectedMessages}.
   */
  public static Result measure(Supplier<? extends Stream> streams, byte[] input, long expectedMessages, int piece,
      int rounds) throws Exception {
    ByteBuffer read = ByteBuffer.allocate(Math.max(piece, input.length)).order(ByteOrder.BIG_ENDIAN);
    // Warm-up: let the JIT compile both paths. A small input needs many rounds before its per-read path reaches the
    // optimising compiler (a fresh CI JVM measured 5.2x on a 24 KB head that measures 2x warm), so warm by time too.
    long warmUntil = System.nanoTime() + WARM_UP_NANOS;
    for (int i = 0; i < rounds || (System.nanoTime() < warmUntil && i < MAX_WARM_UP_ROUNDS); i++) {
      pass(streams, input, expectedMessages, input.length, read);
      pass(streams, input, expectedMessages, piece, read);
    }
    long whole = Long.MAX_VALUE, pieces = Long.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      whole = Math.min(whole, pass(streams, input, expectedMessages, input.length, read));
      pieces = Math.min(pieces, pass(streams, input, expectedMessages, piece, read));
    }
    return new Result(whole, pieces, piece);
  }

  /**
   * {@link #measure}s {@code big} and {@code small} alternately, {@code times} each, keeping each side's best: a
   * stretch of load on the machine then slows both sides, not only whichever was being measured. Returns {big, small}.
   */
  public static Result[] alternating(Supplier<? extends Stream> streams, byte[] big, byte[] small,
      long expectedMessages, int piece, int rounds, int times) throws Exception {
    Result b = null, s = null;
    for (int i = 0; i < times; i++) {
      b = best(b, measure(streams, big, expectedMessages, piece, rounds));
      s = best(s, measure(streams, small, expectedMessages, piece, rounds));
    }
    return new Result[] {b, s};
  }

  private static Result best(Result a, Result b) {
    return a == null ? b : new Result(Math.min(a.wholeNanos(), b.wholeNanos()),
        Math.min(a.piecesNanos(), b.piecesNanos()), a.piece());
  }

  private static long pass(Supplier<? extends Stream> streams, byte[] input, long expected, int piece, ByteBuffer read)
      throws Exception {
    Stream s = streams.get();
    long start = THREADS.getCurrentThreadCpuTime();
    for (int off = 0; off < input.length; off += piece) {
      int n = Math.min(piece, input.length - off);
      read.clear();
      read.put(input, off, n).flip();
      s.feed(read);
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - start;
    if (s.messages() != expected) {
      throw new AssertionError("decoded " + s.messages() + " messages in " + piece + "-byte pieces, expected " + expected);
    }
    return cpu;
  }
}

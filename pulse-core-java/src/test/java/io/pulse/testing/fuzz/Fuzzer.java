package io.pulse.testing.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A seeded mutation fuzzer for stream parsers. Each input (reproducible from the seed and its index, see
 * {@link #input}) is decoded twice, whole and cut into random chunks, and must:
 * <ul>
 *   <li>throw nothing but the parser's own errors (no runtime exception, no OutOfMemoryError);</li>
 *   <li>give the same messages and the same error class however it is cut;</li>
 *   <li>when no frame was mutated, decode to exactly the frames it was made of, without error.</li>
 * </ul>
 * Usage: {@code Fuzzer.run(FuzzTarget.ofCodec("line", new LineCodec(1024), r -> "x"), 42, 100_000).assertClean()}.
 */
public final class Fuzzer {
  private static final int MAX_FAILURES = 10;

  private Fuzzer() {}

  /** Runs {@code inputs} inputs derived from {@code seed} against {@code target}. */
  public static FuzzReport run(FuzzTarget target, long seed, long inputs) {
    FuzzReport report = new FuzzReport(target.name(), seed);
    for (long i = 0; i < inputs && report.failures.size() < MAX_FAILURES; i++) {
      check(target, seed, i, report);
    }
    return report;
  }

  /** The bytes of input {@code index} of a run with {@code seed} (to replay a failure). */
  public static byte[] input(FuzzTarget target, long seed, long index) {
    return Mutator.next(random(seed, index), target).bytes();
  }

  /** Decodes {@code bytes} whole on a fresh stream: the messages and the error (null if none). */
  public static Outcome decode(FuzzTarget target, byte[] bytes) {
    return decode(target, bytes, new int[] {bytes.length});
  }

  /** What decoding one input produced: the messages, and the error it stopped with (null if none). */
  public record Outcome(List<Object> messages, Throwable error) {}

  private static Random random(long seed, long index) {
    return new Random(seed * 0x9E3779B97F4A7C15L + index);
  }

  private static void check(FuzzTarget target, long seed, long index, FuzzReport report) {
    Random r = random(seed, index);
    Mutator.Input in = Mutator.next(r, target);
    byte[] bytes = in.bytes();
    Outcome whole = decode(target, bytes, new int[] {bytes.length});
    Outcome cut = decode(target, bytes, Mutator.chunks(r, bytes.length));
    report.inputs++;
    report.bytes += bytes.length;
    report.messages += whole.messages.size();
    String problem = null;
    for (Outcome o : new Outcome[] {whole, cut}) {
      if (o.error != null && !target.isOwnError(o.error)) problem = "threw " + o.error;
    }
    if (problem == null && !sameError(whole.error, cut.error)) {
      problem = "whole: " + whole.error + ", in chunks: " + cut.error;
    } else if (problem == null && !whole.messages.equals(cut.messages)) {
      problem = "messages differ when cut into chunks: " + whole.messages.size() + " vs " + cut.messages.size();
    } else if (problem == null && in.intactFrames() >= 0
        && (whole.error != null || whole.messages.size() != in.intactFrames())) {
      problem = "valid frames: " + in.intactFrames() + " expected, got " + whole.messages.size() + " and " + whole.error;
    }
    if (whole.error != null && target.isOwnError(whole.error)) report.countError(whole.error);
    if (problem != null) {
      Throwable cause = whole.error != null && !target.isOwnError(whole.error) ? whole.error : cut.error;
      report.fail("input " + index + " (seed " + seed + "): " + problem + "; bytes "
          + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64)) + (bytes.length > 64 ? "..." : ""), cause);
    }
  }

  private static boolean sameError(Throwable a, Throwable b) {
    return a == null ? b == null : b != null && Objects.equals(a.getClass(), b.getClass());
  }

  private static Outcome decode(FuzzTarget target, byte[] bytes, int[] chunks) {
    List<Object> out = new ArrayList<>();
    FuzzTarget.Stream s = target.newStream();
    int off = 0;
    try {
      for (int c : chunks) {
        s.feed(ByteBuffer.wrap(bytes, off, c).slice(), out::add);
        off += c;
      }
      return new Outcome(out, null);
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      return new Outcome(out, e);
    }
  }
}

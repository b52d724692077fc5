package io.pulse.testing.fuzz;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a fuzz run did: inputs, bytes, messages, the parser's own errors by class, and failures to reproduce. */
public final class FuzzReport {
  public final String target;
  public final long seed;
  public long inputs;
  public long bytes;
  public long messages;
  /** The parser's own errors by simple class name. */
  public final Map<String, Long> ownErrors = new TreeMap<>();
  /** Failures: the input (index, seed, bytes) and what went wrong. */
  public final List<String> failures = new ArrayList<>();
  private Throwable firstCause;

  FuzzReport(String target, long seed) {
    this.target = target;
    this.seed = seed;
  }

  void countError(Throwable t) {
    ownErrors.merge(t.getClass().getSimpleName(), 1L, Long::sum);
  }

  void fail(String what, Throwable cause) {
    failures.add(what);
    if (firstCause == null) firstCause = cause;
  }

  /** Fails the test with the first failures and the first unexpected exception as the cause. */
  public FuzzReport assertClean() {
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError(target + ": " + failures.size() + " failing input(s):\n"
          + String.join("\n", failures));
      if (firstCause != null) e.initCause(firstCause);
      throw e;
    }
    if (inputs == 0) org.junit.jupiter.api.Assertions.fail(target + ": no inputs were run");
    return this;
  }

  @Override
  public String toString() {
    return target + ": " + inputs + " inputs (" + bytes + " bytes, " + messages + " messages) seed " + seed
        + ", own errors " + ownErrors + ", failures " + failures.size();
  }
}

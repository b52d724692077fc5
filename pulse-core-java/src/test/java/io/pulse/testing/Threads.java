package io.pulse.testing;

import java.util.List;
import java.util.stream.Collectors;

/** Live threads whose names start with "pulse-" (loops, workers, resolvers). */
public final class Threads {
  private Threads() {}

  public static List<String> pulseThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("pulse-"))
        .map(Thread::getName).collect(Collectors.toList());
  }
}

package io.pulse.transport;

import java.util.List;
import java.util.stream.Collectors;

/** Live threads whose names start with "pulse-" (loops, workers, resolvers). */
final class Threads {
  private Threads() {}

  static List<String> pulseThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("pulse-"))
        .map(Thread::getName).collect(Collectors.toList());
  }
}

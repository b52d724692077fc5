package io.pulse.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A process's live objects by class ({@code jcmd PID GC.class_histogram}, which runs a full GC first), and the
 * difference between two: what a batch of connections holds, class by class.
 */
final class ClassHistogram {
  /** Bytes and instance counts by class name. */
  final Map<String, long[]> byClass = new HashMap<>();

  private ClassHistogram() {}

  /** Takes one from process {@code pid}; null if jcmd is missing or fails. */
  static ClassHistogram of(long pid) throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
      ClassHistogram h = new ClassHistogram();
      for (String line : out.split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 4 && f[0].endsWith(":")) {
          h.byClass.put(f[3], new long[] {Long.parseLong(f[2]), Long.parseLong(f[1])});
        }
      }
      return h;
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code top} classes that grew most from {@code before}, per {@code per} units (e.g. connections). */
  String growthSince(ClassHistogram before, int top, int per) {
    return byClass.entrySet().stream()
        .map(e -> {
          long[] b = before.byClass.getOrDefault(e.getKey(), new long[2]);
          return Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
        })
        .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
        .limit(top)
        .map(e -> String.format("%8.1f B/conn %6.2f inst/conn  %s", e.getValue()[0] / (double) per,
            e.getValue()[1] / (double) per, e.getKey()))
        .collect(Collectors.joining("\n"));
  }
}

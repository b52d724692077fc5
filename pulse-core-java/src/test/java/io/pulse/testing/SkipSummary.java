package io.pulse.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints, at the end of {@code mvn verify}, which tests were skipped and why: it reads the Surefire and Failsafe
 * XML reports of every module written during this build (since the Maven JVM started) and groups their skips by
 * reason. Run by the last module of the reactor (samples) in the Maven JVM; argument: the reactor's root folder.
 */
public final class SkipSummary {
  // Surefire 3 writes <skipped type="..."><![CDATA[the.Exception: reason\n stack]]>; older ones message="reason".
  private static final Pattern CASE = Pattern.compile("<testcase\\b[^>]*?\\bclassname=\"([^\"]*)\"[^>]*>\\s*"
      + "<skipped(?:[^>]*?\\bmessage=\"([^\"]*)\")?[^>]*?(?:/>|>(?:<!\\[CDATA\\[(?:[\\w.$]+: )?([^\\n\\]]*))?)");

  private SkipSummary() {}

  /** Prints the summary for the reactor rooted at {@code args[0]} (default: the current folder). */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    long since = args.length > 1 ? Long.parseLong(args[1]) : ManagementFactory.getRuntimeMXBean().getStartTime();
    Map<String, TreeSet<String>> classesByReason = new TreeMap<>();
    Map<String, Integer> countByReason = new TreeMap<>();
    int total = 0;
    Map<String, String> recorded = recordedReasons(root);
    for (Path report : reports(root, since)) {
      Matcher m = CASE.matcher(Files.readString(report));
      while (m.find()) {
        String cls = m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
        String reason = m.group(2) != null && !m.group(2).isBlank() ? unescape(m.group(2))
            : m.group(3) != null && !m.group(3).isBlank() ? m.group(3).trim()
            : recorded.getOrDefault(cls, "(no reason given)");
        classesByReason.computeIfAbsent(reason, r -> new TreeSet<>()).add(cls);
        countByReason.merge(reason, 1, Integer::sum);
        total++;
      }
    }
    System.out.println(summary(total, countByReason, classesByReason));
  }

  static String summary(int total, Map<String, Integer> counts, Map<String, TreeSet<String>> classes) {
    StringBuilder b = new StringBuilder("[INFO] ------------------------------------------------------------------------\n");
    if (total == 0) return b.append("[INFO] Skipped tests: none").toString();
    b.append("[INFO] Skipped tests: ").append(total).append(", by reason (CI=true turns a missing tool into a failure):");
    counts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).forEach(e -> {
      List<String> names = new ArrayList<>(classes.get(e.getKey()));
      String shown = String.join(", ", names.subList(0, Math.min(4, names.size())))
          + (names.size() > 4 ? " and " + (names.size() - 4) + " more" : "");
      b.append(String.format("%n[INFO] %5d  %s%n[INFO]        in %s", e.getValue(), e.getKey(), shown));
    });
    return b.toString();
  }

  /** Reasons that io.pulse.testing.Requires wrote to each module's target/pulse-skips.txt, by test class. */
  private static Map<String, String> recordedReasons(Path root) throws IOException {
    Map<String, String> byClass = new TreeMap<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        Path f = module.resolve("target").resolve("pulse-skips.txt");
        if (!Files.isRegularFile(f)) continue;
        for (String line : Files.readAllLines(f)) {
          int tab = line.indexOf('\t');
          if (tab > 0) byClass.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    }
    return byClass;
  }

  private static List<Path> reports(Path root, long since) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        for (String dir : new String[] {"surefire-reports", "failsafe-reports"}) {
          Path d = module.resolve("target").resolve(dir);
          if (!Files.isDirectory(d)) continue;
          try (Stream<Path> files = Files.list(d)) {
            files.filter(f -> f.getFileName().toString().startsWith("TEST-") && f.toString().endsWith(".xml"))
                .filter(f -> modifiedSince(f, since)).forEach(out::add);
          }
        }
      }
    }
    return out;
  }

  private static boolean modifiedSince(Path f, long millis) {
    try {
      return Files.getLastModifiedTime(f).toMillis() >= millis - 1000;
    } catch (IOException e) {
      return false;
    }
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&#10;", " ").replace("&#13;", "").replace("&amp;", "&");
  }
}

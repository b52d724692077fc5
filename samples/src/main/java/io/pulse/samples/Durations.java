package io.pulse.samples;

import java.time.Duration;

/** Parses the samples' duration options: {@code 500ms}, {@code 30s}, {@code 5m}. */
final class Durations {
  private Durations() {}

  static Duration parse(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    throw new IllegalArgumentException("not a duration (use 500ms, 30s or 5m): " + s);
  }
}

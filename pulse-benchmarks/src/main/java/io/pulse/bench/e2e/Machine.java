package io.pulse.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the results were measured on. */
final class Machine {
  private Machine() {}

  static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
      }
    } catch (Exception ignored) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  static String kernel() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
    } catch (Exception e) {
      return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
  }
}

package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The samples jar as a whole: its help lists every sample, and every sample is run by some test. */
class SamplesJarIT {
  private static final List<String> KNOWN = List.of("echo", "echo-client", "proxy", "tlv", "router", "core-echo",
      "redis", "http", "ws-chat", "tls-echo", "udp-echo", "uds-echo", "kotlin-echo", "kotlin-chat");

  @Test
  void helpListsEverySampleWithADescriptionAndItsOptions() throws Exception {
    String help = SampleProcess.run("--help");
    List<String> names = samples(help);
    assertTrue(names.containsAll(KNOWN), "missing from --help: " + KNOWN + " vs " + names + "\n" + help);
    String options = help.substring(help.indexOf("Options of each sample"));
    for (String name : names) {
      assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(name) + " +--").matcher(options).find(),
          name + " has no options line:\n" + help);
    }
    String own = SampleProcess.run("redis", "--help");
    assertTrue(own.startsWith("Usage: pulse-samples redis") && own.contains("--port=<port>          Port to listen on (default: 6380)"),
        own);
    assertTrue(help.contains("redis        --host --port --loops --task-type --transport --trigger"), help);
  }

  @Test
  void everySampleInTheJarIsStartedBySomeTest() throws Exception {
    List<String> names = samples(SampleProcess.run("--help"));
    StringBuilder tests = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src", "test"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith("IT.java"))::iterator) {
        if (!f.getFileName().toString().equals("SamplesJarIT.java")) tests.append(read(f));
      }
    }
    List<String> untested = new ArrayList<>();
    for (String name : names) {
      // SampleProcess.start("name" ...) or SampleProcess.run("name" ...), possibly on the next line
      if (!Pattern.compile("SampleProcess\\.(start|run)\\(\\s*\"" + Pattern.quote(name) + "\"").matcher(tests).find()) {
        untested.add(name);
      }
    }
    assertEquals(List.of(), untested, "samples no *IT.java starts from the jar");
  }

  /** The sample names under "Commands:" in the top-level help. */
  static List<String> samples(String help) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  ([a-z][a-z0-9-]*)  +\\S").matcher(
        help.substring(help.indexOf("Commands:"), help.indexOf("Options of each sample")));
    while (m.find()) names.add(m.group(1));
    return names;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

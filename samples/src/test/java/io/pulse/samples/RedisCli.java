package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real redis-cli and redis-benchmark (package redis-tools) against a port. */
final class RedisCli {
  private RedisCli() {}

  /** {@code redis-cli -p port args...}; its standard output, trimmed. */
  static String cli(int port, String... args) throws Exception {
    return run(null, prefixed("redis-cli", port, args)).trim();
  }

  /** redis-cli with {@code stdin} as its input: each line is a command sent on one connection. */
  static String cliWithInput(int port, String stdin, String... args) throws Exception {
    return run(stdin.getBytes(StandardCharsets.UTF_8), prefixed("redis-cli", port, args));
  }

  /** Any redis tool, {@code stdin} piped in (or nothing); stdout and stderr together. */
  static String run(byte[] stdin, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread feeder = new Thread(() -> {
      try (var out = p.getOutputStream()) {
        if (stdin != null) out.write(stdin);
      } catch (java.io.IOException ignored) {
        // the tool exited early; its output says why
      }
    });
    feeder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + cmd);
    feeder.join(5_000);
    return out;
  }

  static List<String> prefixed(String tool, int port, String... args) {
    List<String> cmd = new ArrayList<>(List.of(tool, "-h", "127.0.0.1", "-p", "" + port));
    cmd.addAll(List.of(args));
    return cmd;
  }
}

package io.pulse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.bench.e2e.E2eCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The --quick grid runs every server, each answers correctly, and every figure is produced (not how fast). */
class QuickGridSmokeTest {

  @Test
  void quickGridProducesEveryFigureWithoutErrors() throws Exception {
    Path out = Files.createTempDirectory("pulse-bench");
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = E2eCommand.main(new String[] {"--quick", "--warmup", "200", "--duration", "400",
          "--scenarios", "×", "--driver-cpus", "0-1", "--server-cpus", "0-1", "--out", out.toString()});
    } finally {
      System.setOut(saved);
    }
    String table = Files.readString(out.resolve("latest.md"));
    assertEquals(0, code, table);
    // The io_uring columns run where io_uring does (as on CI), else they are skipped with the reason, never crash.
    boolean ci = "true".equals(System.getenv("CI"));
    for (String server : new String[] {"netty-iouring", "c-iouring"}) {
      String skipped = skipReason(table, server);
      if (skipped == null) {
        assertTrue(table.contains("| " + server + " |"), server + " neither ran nor was skipped:\n" + table);
      } else {
        assertTrue(!skipped.isBlank(), server + " skipped without a reason:\n" + table);
        boolean allowed = !ci || server.equals("c-iouring") && skipped.startsWith("no C compiler");
        assertTrue(allowed, server + " must run under CI, was skipped: " + skipped);
      }
    }
    for (String server : new String[] {"pulse-epoll", "pulse-epoll-worker", "pulse-epoll-perconn", "pulse-nio",
        "netty-epoll", "netty-nio", "pulse-epoll-uds", "netty-epoll-uds"}) {
      assertTrue(table.contains("| " + server + " |"), server + " missing:\n" + table);
    }
    assertTrue(!table.contains("failed"), table);
    for (String line : table.split("\n")) {
      if (!line.startsWith("| 1 conn") && !line.startsWith("| 100 conn") && !line.startsWith("| 10 conn")) continue;
      String[] f = line.split("\\|");
      for (int i = 3; i <= 7; i++) assertTrue(!f[i].isBlank(), "empty figure in: " + line);
      assertEquals("0", f[8].trim(), "errors in: " + line);
    }
    assertTrue(Files.readString(out.resolve("latest.svg")).startsWith("<svg"));
  }

  @Test
  void burstRowTimesEveryConnectionsFirstEcho() throws Exception {
    Path out = Files.createTempDirectory("pulse-bench");
    PrintStream saved = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    int code;
    try {
      code = E2eCommand.main(new String[] {"--quick", "--warmup", "200", "--scenarios", "burst",
          "--servers", "pulse-epoll,netty-iouring,c-iouring", "--driver-cpus", "0-1", "--server-cpus", "0-1",
          "--out", out.toString()});
    } finally {
      System.setOut(saved);
    }
    String table = Files.readString(out.resolve("latest.md"));
    assertEquals(0, code, table);
    assertTrue(!table.contains("failed") && !table.contains("| none"), table);
    int rows = 0;
    for (String line : table.split("\n")) {
      if (!line.startsWith("| 1000 conn burst |")) continue;
      rows++;
      String[] f = line.split("\\|");
      for (int i = 3; i <= 5; i++) assertTrue(f[i].trim().matches("[0-9]+"), "no time in: " + line);
      assertTrue(f[6].trim().matches("[0-9]+"), "no server CPU in: " + line);
      // The JIT's CPU over the burst: a figure for the JVM servers (a cold JVM compiles during its first burst), none
      // for the C one.
      String jit = f[7].trim();
      assertTrue(line.contains("| c-iouring |") ? jit.equals("–") : jit.matches("[0-9]+"), "JIT CPU in: " + line);
      assertEquals("0", f[8].trim(), "errors in: " + line);
    }
    int expected = 3 - (int) java.util.stream.Stream.of("netty-iouring", "c-iouring")
        .filter(s -> skipReason(table, s) != null).count();
    assertEquals(expected, rows, table);
  }

  /** The reason the report gives for skipping {@code server}, or null if it does not skip it. */
  private static String skipReason(String table, String server) {
    for (String line : table.split("\n")) {
      if (line.startsWith("- skipped " + server + ": ")) return line.substring(("- skipped " + server + ": ").length());
    }
    return null;
  }
}

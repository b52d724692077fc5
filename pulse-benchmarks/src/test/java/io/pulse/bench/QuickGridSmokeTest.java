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
}

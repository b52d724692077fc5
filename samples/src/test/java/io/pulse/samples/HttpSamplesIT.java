package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pulse.testing.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The http and ws-chat samples from the jar, with curl and headless Chromium (via playwright-core). */
class HttpSamplesIT {
  static final Path JS = Path.of("..", "pulse-core-java", "src", "test", "js").toAbsolutePath().normalize();

  @Test
  void httpSampleAnswersPlaintextToCurl() throws Exception {
    Requires.tools("curl");
    try (SampleProcess s = SampleProcess.start("http")) {
      String body = run(List.of("curl", "-s", "http://127.0.0.1:" + s.port + "/plaintext"), JS.getParent());
      assertEquals("Hello, World!", body);
    }
  }

  @Test
  void chromiumChatsThroughTheWsChatSample() throws Exception {
    Requires.tools("node", "chromium");
    for (String m : new String[] {"playwright-core", "ws"}) {
      Requires.that(Files.isDirectory(JS.resolve("node_modules").resolve(m)),
          "npm package " + m + " is not installed in " + JS + " (npm ci there)");
    }
    Path shot = Path.of("target", "ws-chat.png").toAbsolutePath();
    try (SampleProcess s = SampleProcess.start("ws-chat")) {
      String out = run(List.of("node", JS.resolve("chat-page.js").toString(), "" + s.port, shot.toString(),
          Requires.onPath("chromium").toString()), JS);
      String result = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(out));
      assertEquals("RESULT {\"shown\":\"hello from chromium\",\"otherGot\":\"hello from chromium\","
          + "\"second\":\"hello from node\"}", result);
      assertTrue(Files.size(shot) > 0);
    }
  }

  private static String run(List<String> cmd, Path dir) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[][] out = new byte[1][];
    Thread reader = new Thread(() -> {
      try {
        out[0] = p.getInputStream().readAllBytes();
      } catch (java.io.IOException e) {
        out[0] = e.toString().getBytes(StandardCharsets.UTF_8);
      }
    });
    reader.start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(cmd + " did not finish in 30 s");
    }
    reader.join(5000);
    String text = new String(out[0], StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text;
  }
}

package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A sample started from the built jar as a child process, the way a user starts it. */
final class SampleProcess implements AutoCloseable {
  static final Path JAR = Path.of("target", "pulse-samples.jar");

  final Process process;
  final int port;
  final StringBuffer output = new StringBuffer();

  private SampleProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code java -jar pulse-samples.jar name --port P args...} and waits for "listening on". */
  static SampleProcess start(String name, String... args) throws Exception {
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString(), name, "--port", "" + port));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    SampleProcess s = new SampleProcess(p, port);
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          s.output.append(line).append('\n');
          if (line.contains("listening on")) listening.complete(null);
        }
      } catch (IOException ignored) {
        // the process ended
      }
      listening.completeExceptionally(new IllegalStateException("exited: " + s.output));
    });
    reader.setDaemon(true);
    reader.start();
    listening.get(20, TimeUnit.SECONDS);
    return s;
  }

  /** Runs {@code java -jar pulse-samples.jar args...} to completion and returns its output. */
  static String run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "timed out");
    return out;
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
        .toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}

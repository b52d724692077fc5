package io.pulse.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs outside programs (curl, wrk, node) for real-client tests; {@link Requires} checks that they are there.
 */
public final class ExternalTool {
  /** The folder holding the node scripts and their node_modules (installed by .ci/run). */
  public static final Path JS = Path.of("src", "test", "js").toAbsolutePath();

  private ExternalTool() {}

  /** What a finished process printed. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Fails (CI) or skips (locally) unless {@code command} is on the PATH: {@link Requires#tools}. */
  public static void require(String command) {
    Requires.tools(command);
  }

  /** Fails (CI) or skips (locally) unless node and these npm packages are installed: {@link Requires#nodeModules}. */
  public static void requireNodeModules(String... modules) {
    Requires.nodeModules(modules);
  }

  /** Runs {@code command} in {@code dir} and waits at most {@code timeoutSeconds}, then kills it and fails. */
  public static Result run(Path dir, long timeoutSeconds, List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(command + " did not finish within " + timeoutSeconds + " s; stderr: " + err.getNow(""));
    }
    return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
  }

  /** Runs a node script from {@link #JS} with {@code args}. */
  public static Result node(long timeoutSeconds, String script, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("node", JS.resolve(script).toString()));
    cmd.addAll(List.of(args));
    return run(JS, timeoutSeconds, cmd);
  }

  private static CompletableFuture<String> drain(java.io.InputStream in) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t = new Thread(() -> { // its own thread: the common pool may have one worker on a 2-core machine
      try {
        f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        f.complete("(unreadable: " + e + ")");
      }
    }, "tool-output");
    t.setDaemon(true);
    t.start();
    return f;
  }
}

package io.pulse.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Platform;
import io.pulse.Transport;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * The one gate for tests that need something beyond the JDK and Maven (a program on the PATH, libkqueue, a
 * machine setting): present, the test runs; missing, the test is skipped with the reason, or fails when the
 * environment variable {@code CI} is {@code true} (CI installs everything: see {@code .ci/run}). Skips are listed
 * with their reasons at the end of {@code mvn verify} (see {@link SkipSummary}). Used by the core, Kotlin and
 * samples tests alike.
 */
public final class Requires {
  private Requires() {}

  /** True when running under CI ({@code CI=true}), where nothing may be missing. */
  public static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Each command must be an executable on the PATH. */
  public static void tools(String... commands) {
    for (String c : commands) that(onPath(c) != null, c + " is not on the PATH");
  }

  /**
   * OpenBSD netcat (Debian's netcat-openbsd): the tests use its {@code -N} (shut down the socket's output at end
   * of input) and {@code -U} (Unix socket) flags, which other netcats lack or spell differently.
   */
  public static void openbsdNetcat() {
    tools("nc");
    that(netcatIsOpenbsd(), "nc on the PATH is not OpenBSD netcat (the tests use its -N and -U flags): install "
        + "netcat-openbsd");
  }

  /** node, and the named npm packages under {@link ExternalTool#JS}/node_modules ({@code npm ci} there). */
  public static void nodeModules(String... modules) {
    tools("node");
    for (String m : modules) {
      that(Files.isDirectory(ExternalTool.JS.resolve("node_modules").resolve(m)),
          "npm package " + m + " is not installed in " + ExternalTool.JS + " (npm ci there)");
    }
  }

  /**
   * The transport must run here. EPOLL on Linux and KQUEUE on macOS/BSD are expected, so their absence FAILS (a
   * broken native edge must never turn into silent skips); KQUEUE on Linux needs libkqueue, named by
   * {@code -Dpulse.kqueue.library} or {@code PULSE_KQUEUE_LIBRARY}, and is skipped (outside CI) without it.
   * IO_URING is skipped (outside CI) with the probe's cause where the kernel or a seccomp filter refuses it.
   */
  public static void transport(Transport t) {
    if (t.isAvailable()) return;
    Throwable cause = io.pulse.internal.poll.Transports.unavailabilityCause(t);
    boolean expected = (t == Transport.EPOLL && Platform.isLinux())
        || (t == Transport.KQUEUE && (Platform.isMac() || Platform.isFreeBSD()));
    if (expected) fail(t + " must work on this OS but cannot start: " + cause, cause);
    if (t == Transport.KQUEUE && Platform.isLinux()) {
      String path = System.getProperty("pulse.kqueue.library", System.getenv("PULSE_KQUEUE_LIBRARY"));
      that(false, path == null
          ? "libkqueue not configured (set -Dpulse.kqueue.library or PULSE_KQUEUE_LIBRARY to a libkqueue.so)"
          : "libkqueue not usable at " + path + ": " + cause);
    }
    that(false, t + " is not available here: " + cause);
  }

  /** A condition of the machine (a setting, a limit); {@code reason} says what is missing and how to get it. */
  public static void that(boolean ok, String reason) {
    if (ok) return;
    if (ci()) fail(reason + " (CI=true: .ci/run provides it)");
    record(reason);
    throw new TestAbortedException(reason);
  }

  /**
   * Notes the skip in {@code target/pulse-skips.txt} of the module under test (the working folder of its test
   * JVM) as "TestClass TAB reason", for runners whose reports drop the reason (Kotest): see SkipSummary.
   */
  private static void record(String reason) {
    String caller = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
        .filter(c -> !c.equals(Requires.class.getName())).findFirst().orElse("?"));
    String cls = caller.substring(caller.lastIndexOf('.') + 1);
    if (cls.indexOf('$') > 0) cls = cls.substring(0, cls.indexOf('$'));
    Path file = Path.of("target", "pulse-skips.txt");
    try {
      if (Files.isDirectory(file.getParent())) {
        Files.writeString(file, cls + "\t" + reason.replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      }
    } catch (java.io.IOException e) {
      // the summary then shows "(no reason given)" for this test; the skip itself stands
    }
  }

  /** The executable {@code command} on the PATH, or null. */
  public static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, command);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
    }
    return null;
  }

  private static boolean netcatIsOpenbsd() {
    try {
      Process p = new ProcessBuilder("nc", "-h").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
      return out.contains("OpenBSD");
    } catch (Exception e) {
      return false;
    }
  }
}

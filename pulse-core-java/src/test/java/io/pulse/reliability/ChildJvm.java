package io.pulse.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM running a main class from the test classpath, started through {@code bash -c 'ulimit -n N; exec java ...'}
 * so its fd limit can differ from ours. Collects its output lines (stdout and stderr), takes commands on its stdin,
 * and reads its CPU time and RSS from /proc. {@link #close()} kills it and waits, so no child outlives its test.
 */
final class ChildJvm implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final OutputStream stdin;

  private ChildJvm(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(this::collect, "child-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} with {@code args}. {@code fdLimit} > 0 sets its fd limit first (raising it needs the hard
   * limit or root; if that fails the child gets its hard limit, which a test can check by counting connections).
   */
  static ChildJvm start(Class<?> main, int fdLimit, List<String> jvmArgs, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add("-c");
    cmd.add((fdLimit > 0 ? "ulimit -n " + fdLimit + " 2>/dev/null || ulimit -n \"$(ulimit -Hn)\" || exit 97; " : "") + "exec \"$@\"");
    cmd.add("child");
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  private void collect() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the child is gone
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Output lines so far. */
  List<String> lines() {
    synchronized (lines) {
      return new ArrayList<>(lines);
    }
  }

  /** The first output line at or after line {@code from} that matches; fails after {@code timeout}. */
  String awaitLine(int from, Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      for (int i = from; ; ) {
        for (; i < lines.size(); i++) if (match.test(lines.get(i))) return lines.get(i);
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && i == lines.size()) {
          throw new AssertionError("child " + pid() + (process.isAlive() ? "" : " (exited)")
              + " printed no matching line within " + timeout + "; its output ends:\n" + tail(40));
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** Waits for the child server's "listening on PORT" line and returns the port. */
  int awaitPort(Duration timeout) throws InterruptedException {
    Matcher m = LISTENING.matcher(awaitLine(0, l -> LISTENING.matcher(l).find(), timeout));
    if (!m.find()) throw new AssertionError("no port");
    return Integer.parseInt(m.group(1));
  }

  /** Sends one command line and returns the first reply line starting with {@code replyPrefix}. */
  String ask(String command, String replyPrefix, Duration timeout) throws IOException, InterruptedException {
    int from = lines().size();
    stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    return awaitLine(from, l -> l.startsWith(replyPrefix), timeout);
  }

  /** The last {@code n} output lines, one per line. */
  String tail(int n) {
    List<String> all = lines();
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }

  /** User plus system CPU time used so far, in clock ticks (1/100 s), from /proc/PID/stat. */
  long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
  }

  /** Resident set size in KiB, from /proc/PID/status. */
  long rssKib() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
    }
    throw new IOException("no VmRSS for " + pid());
  }

  /** Sends a signal ("STOP", "CONT", "KILL") to the child (bash's own kill: no procps needed). */
  void signal(String name) throws IOException, InterruptedException {
    String out = bash("kill -" + name + " " + pid() + " && echo sent");
    if (!out.equals("sent")) throw new IOException("kill -" + name + " " + pid() + ": " + out);
  }

  /** The fd limit a child started with {@code fdLimit} would get (lower if the hard limit cannot be raised). */
  static int fdLimitFor(int fdLimit) throws IOException, InterruptedException {
    return Integer.parseInt(bash("ulimit -n " + fdLimit + " 2>/dev/null; ulimit -n"));
  }

  private static String bash(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("bash -c '" + script + "' did not finish");
    }
    return out;
  }

  /** Kills the child (even a stopped one) and waits for it to be gone. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) throw new AssertionError("child " + pid() + " did not exit");
  }
}

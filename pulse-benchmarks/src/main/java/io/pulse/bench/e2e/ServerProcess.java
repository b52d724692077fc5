package io.pulse.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A benchmarked server in a child process (a JVM, or the C floor), optionally pinned with taskset. */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;

  private ServerProcess(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Starts {@code kind} on {@code port} and waits for it to say READY. */
  static ServerProcess start(String kind, int port, String cpus, Path cBinary, Path keyStore) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (cpus != null) cmd.addAll(List.of("taskset", "-c", cpus));
    if (kind.startsWith("c-")) {
      cmd.addAll(List.of(cBinary.toString(), "" + port));
    } else {
      cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC",
          "-D" + io.pulse.bench.servers.EchoServers.KEYSTORE_PROPERTY + "=" + keyStore));
      // Extra server JVM options for profiling, e.g. -Dpulse.bench.serverJvmArgs="-XX:StartFlightRecording=...".
      String extra = System.getProperty("pulse.bench.serverJvmArgs", "").trim();
      if (!extra.isEmpty()) cmd.addAll(List.of(extra.split("\\s+")));
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.pulse.bench.servers.ServerMain", kind,
          "" + port));
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ServerProcess s = new ServerProcess(p);
    java.util.concurrent.CompletableFuture<String> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        // Lines before READY (a JVM option's start-up log, e.g. a flight recording's) are passed over.
        String l;
        while ((l = s.out.readLine()) != null && !"READY".equals(l)) {
          // not yet
        }
        return l == null ? "exited before READY" : l;
      } catch (IOException e) {
        return e.toString();
      }
    });
    String line;
    try {
      line = first.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      line = "no READY within 60 s";
    }
    if (!"READY".equals(line)) {
      p.destroyForcibly();
      throw new IOException(kind + " did not start: " + line);
    }
    return s;
  }

  long pid() {
    return process.pid();
  }

  /** Process CPU time (user + system) so far, in nanoseconds, from /proc/PID/stat. */
  long cpuNanos() throws IOException {
    long[] t = cpuSplitNanos();
    return t[0] + t[1];
  }

  /** Process CPU time so far in user mode and in the kernel, in nanoseconds, from /proc/PID/stat. */
  long[] cpuSplitNanos() throws IOException {
    return userAndSystemNanos(Files.readString(Path.of("/proc/" + pid() + "/stat")));
  }

  /** utime and stime of a process's or thread's /proc stat line, in nanoseconds. */
  private static long[] userAndSystemNanos(String stat) {
    // Fields after the command name, which ends at the last ')' (a name may itself hold spaces or parentheses).
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long tick = 1_000_000_000L / ClockTicks.PER_SECOND;
    return new long[] {Long.parseLong(f[11]) * tick, Long.parseLong(f[12]) * tick};
  }

  /**
   * CPU time so far of the process's JIT compiler threads (HotSpot's C1 and C2), in nanoseconds, from
   * /proc/PID/task; -1 for a process without them (the C servers). A compiler thread that ended meanwhile takes its
   * time with it, so over a window this can only undercount.
   */
  long compilerCpuNanos() throws IOException {
    long sum = 0;
    boolean any = false;
    try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid() + "/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (java.nio.file.NoSuchFileException gone) {
          continue; // the thread ended while we listed them
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')); // "C2 CompilerThre": 15 chars
        if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) continue;
        long[] t = userAndSystemNanos(stat);
        sum += t[0] + t[1];
        any = true;
      }
    }
    return any ? sum : -1;
  }

  /** Resident set size in bytes, from /proc/PID/status. */
  long rssBytes() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
    }
    return -1;
  }

  /** Heap bytes used after a GC (JVM servers), or -1. */
  long heapBytes() throws IOException {
    in.println("HEAP");
    String line = out.readLine();
    return line != null && line.startsWith("HEAP ") ? Long.parseLong(line.substring(5)) : -1;
  }

  @Override
  public void close() throws InterruptedException {
    in.close();
    if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }

  /** The kernel's clock ticks per second (getconf CLK_TCK), 100 if unknown. */
  static final class ClockTicks {
    static final long PER_SECOND = read();

    private static long read() {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return Long.parseLong(s);
      } catch (Exception e) {
        return 100;
      }
    }
  }
}

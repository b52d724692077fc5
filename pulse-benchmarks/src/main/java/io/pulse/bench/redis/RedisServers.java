package io.pulse.bench.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two servers compared, each a child process pinned with taskset: Pulse's mini Redis (the samples jar's
 * {@code redis} sample, one event loop) and the real {@code redis-server} (no persistence).
 */
final class RedisServers implements AutoCloseable {
  final String name;
  final int port;
  private final Process process;

  private RedisServers(String name, int port, Process process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  /** Starts the samples jar's mini Redis with one loop and waits for "listening on". */
  static RedisServers pulse(Path samplesJar, String cpus) throws IOException, InterruptedException {
    int port = freePort();
    List<String> cmd = pinned(cpus);
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC",
        "-jar", samplesJar.toString(), "redis", "--loops", "1", "--port", "" + port));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.contains("listening on")) {
        Thread drain = new Thread(() -> drain(r), "pulse-redis-output");
        drain.setDaemon(true);
        drain.start();
        return new RedisServers("pulse mini redis", port, p);
      }
    }
    throw new IOException("the redis sample exited (exit " + p.waitFor() + ") before listening");
  }

  /** Starts {@code redis-server} without persistence and waits until it accepts connections. */
  static RedisServers redisServer(String cpus) throws IOException, InterruptedException {
    int port = freePort();
    List<String> cmd = pinned(cpus);
    cmd.addAll(List.of("redis-server", "--port", "" + port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--logfile", ""));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end && p.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new RedisServers("redis-server", port, p);
      } catch (IOException notYet) {
        Thread.sleep(20); // polling for the port to open; redis-server prints nothing we could wait on
      }
    }
    p.destroyForcibly();
    throw new IOException("redis-server did not start on port " + port);
  }

  /** CPU time (user + system) the server has used, in nanoseconds, from /proc/PID/stat. */
  long cpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / clockTicks());
  }

  static List<String> pinned(String cpus) {
    List<String> cmd = new ArrayList<>();
    if (cpus != null && onPath("taskset")) cmd.addAll(List.of("taskset", "-c", cpus));
    return cmd;
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  private static long ticks;

  private static long clockTicks() {
    if (ticks == 0) {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        ticks = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
      } catch (Exception e) {
        ticks = 100;
      }
    }
    return ticks;
  }

  private static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        // discard: the sample logs closes at INFO
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private static int freePort() throws IOException {
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

package io.pulse.bench.e2e;

import io.pulse.bench.driver.LoadDriver;
import io.pulse.bench.servers.EchoServers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the grid: for each scenario, each server in its own (pinned) JVM, driven by the same in-process driver,
 * with server CPU from /proc and latency from HdrHistogram.
 */
public final class E2e {
  private E2e() {}

  /** The knobs of a run. */
  public record Options(boolean quick, long warmupMillis, long durationMillis, List<String> servers,
      String scenarioFilter, String serverCpus, String driverCpus, Path outDir, int repeat) {}

  /** What a run produced: the cells, and each requested server that could not run here with the reason. */
  public record Grid(List<Cell> cells, Map<String, String> skipped) {
    /** True if every cell ran without errors. */
    public boolean ok() {
      return cells.stream().allMatch(Cell::ok);
    }
  }

  /** Cores of the machine, read before the driver pins itself to fewer. */
  static final int CORES = Runtime.getRuntime().availableProcessors();

  public static Grid run(Options o) throws Exception {
    pinSelf(o.driverCpus());
    // Servers that cannot run here are skipped with the reason (printed now, and in the report), never a crash.
    Map<String, Path> cBinaries = new HashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Path cDir = Files.createTempDirectory("pulse-bench-c");
    cDir.toFile().deleteOnExit(); // after the binaries built in it (deleted in reverse order)
    for (String server : o.servers()) {
      String why;
      if (server.startsWith("c-")) {
        CFloor.Binary b = CFloor.build(cDir, server);
        if (b.path() != null) cBinaries.put(server, b.path());
        why = b.whyNot();
      } else {
        why = EchoServers.unavailabilityCause(server);
      }
      if (why != null) {
        skipped.put(server, why);
        System.err.println("skipping " + server + ": " + why);
      }
    }
    BenchCerts certs = BenchCerts.create();
    List<Cell> cells = new ArrayList<>();
    for (Scenario s : o.quick() ? Scenario.quick() : Scenario.full()) {
      if (o.scenarioFilter() != null && !s.name().contains(o.scenarioFilter())) continue;
      List<String> servers = new ArrayList<>();
      for (String server : o.servers()) {
        if (skipped.containsKey(server)) continue;
        if (server.startsWith("c-") && s.idle()) continue;
        if (s.runsOn(server)) servers.add(server);
      }
      // Rounds interleave the servers, so a noisy minute on a shared machine hits all of them alike; each round starts
      // one server further on, so that no server always runs first or last (this machine's speed shifts by up to 40 %
      // for minutes at a time: in a fixed order, a shift between two places would bias every round's ratio alike).
      List<List<Cell>> rounds = new ArrayList<>();
      for (String ignored : servers) rounds.add(new ArrayList<>());
      for (int r = 0; r < Math.max(1, o.repeat()); r++) {
        for (int k = 0; k < servers.size(); k++) {
          int i = (r + k) % servers.size();
          Cell c = measure(o, s, servers.get(i), cBinaries.get(servers.get(i)), certs);
          rounds.get(i).add(c);
          // Each run on stderr, so that paired ratios between any two servers can be computed afterwards.
          System.err.printf(java.util.Locale.ROOT, "round %d | %s | %s | %.0f msgs/s | %.3f us/msg | max %.0f us%s%s%n",
              r + 1, s.name(), c.server(), c.msgsPerSec(), c.cpuMicrosPerMsg(), c.maxMicros(),
              Double.isNaN(c.jitMillis()) ? "" : String.format(java.util.Locale.ROOT, " | jit %.0f ms", c.jitMillis()),
              c.ok() ? "" : " | failed: " + c.failure());
        }
      }
      for (List<Cell> runs : rounds) {
        int base = servers.indexOf(s.baseline());
        int c = servers.indexOf("c-epoll");
        cells.add(median(runs).withPaired(
            base < 0 ? Double.NaN : pairedMedian(rounds.get(base), runs),
            c < 0 ? Double.NaN : pairedMedian(runs, rounds.get(c))));
      }
    }
    return new Grid(cells, skipped);
  }

  /**
   * The median over rounds of {@code num}'s CPU/msg over {@code den}'s in the same round (rounds where both ran),
   * NaN with fewer than two such rounds or for idle and burst cells. Paired rounds cancel most of the drift a
   * shared machine puts into single runs.
   */
  static double pairedMedian(List<Cell> num, List<Cell> den) {
    List<Double> r = new ArrayList<>();
    for (int i = 0; i < Math.min(num.size(), den.size()); i++) {
      Cell a = num.get(i);
      Cell b = den.get(i);
      if (a.ok() && b.ok() && !a.scenario().idle() && !a.scenario().burst()) {
        r.add(a.cpuMicrosPerMsg() / b.cpuMicrosPerMsg());
      }
    }
    if (r.size() < 2) return Double.NaN;
    java.util.Collections.sort(r);
    int n = r.size();
    return n % 2 == 1 ? r.get(n / 2) : (r.get(n / 2 - 1) + r.get(n / 2)) / 2;
  }

  /** The run with the median server CPU per message (a failed run, if any failed: failures are not hidden). */
  static Cell median(List<Cell> runs) {
    for (Cell c : runs) if (!c.ok()) return c;
    List<Cell> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(c -> c.scenario().idle() ? c.rssBytesPerConn()
        : c.scenario().burst() ? c.maxMicros() : c.cpuMicrosPerMsg()));
    return sorted.get(sorted.size() / 2);
  }

  private static Cell measure(Options o, Scenario s, String server, Path cBinary, BenchCerts certs) {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      return Cell.failed(s, server, "no free port: " + e);
    }
    try (ServerProcess p = ServerProcess.start(server, port, pinnable(o.serverCpus()), cBinary, certs.keyStore())) {
      java.net.SocketAddress addr = EchoServers.isUds(server)
          ? java.net.UnixDomainSocketAddress.of(EchoServers.udsPath(port)) : new InetSocketAddress("127.0.0.1", port);
      if (s.idle()) return idle(s, server, p, addr);
      if (s.burst()) return burst(o, s, server, p, addr);
      // A server that echoed nothing in the window (a JIT or scheduler stall on a loaded machine) is measured
      // again with a window four times longer, twice at most, before the cell is called failed.
      // The server's user and kernel CPU when the window starts and ends; null where it could not be read.
      long[][] split = new long[2][];
      LoadDriver.Result r = null;
      double driverPct = 0;
      for (int attempt = 0; attempt < 3 && (r == null || r.messages() == 0); attempt++) {
        long warmMillis = o.warmupMillis() << (2 * attempt);
        long windowMillis = o.durationMillis() << (2 * attempt);
        // Server CPU over the measured window only: sample it when the window starts and ends.
        long driverCpu0 = ownCpuNanos();
        split[0] = split[1] = null;
        Thread sampler = new Thread(() -> {
          try {
            Thread.sleep(warmMillis);
            split[0] = p.cpuSplitNanos();
            Thread.sleep(windowMillis);
            split[1] = p.cpuSplitNanos();
          } catch (Exception e) {
            // what was not read stays null: the cell fails below
          }
        });
        sampler.start();
        r = LoadDriver.run(addr, s.wire().name(), s.tls() ? certs.clientContext() : null, s.connections(), s.size(),
            s.depth(), TimeUnit.MILLISECONDS.toNanos(warmMillis), TimeUnit.MILLISECONDS.toNanos(windowMillis));
        sampler.join();
        driverPct = 100.0 * (ownCpuNanos() - driverCpu0) / TimeUnit.MILLISECONDS.toNanos(warmMillis + windowMillis);
      }
      if (r.messages() == 0) return Cell.failed(s, server, "no messages echoed");
      if (split[0] == null || split[1] == null) return Cell.failed(s, server, "the server's CPU time could not be read");
      double userUs = (split[1][0] - split[0][0]) / 1000.0 / r.messages();
      double sysUs = (split[1][1] - split[0][1]) / 1000.0 / r.messages();
      double cpuUs = userUs + sysUs;
      // The split on stderr: on a shared VM the kernel's share (the same system calls for every server) is what
      // swings from minute to minute; the user share is where servers differ.
      System.err.printf(java.util.Locale.ROOT, "cpu split | %s | %s | user %.3f us/msg | sys %.3f us/msg%n",
          s.name(), server, userUs, sysUs);
      return new Cell(s, server, r.messages() / r.seconds(), cpuUs,
          r.latencyNanos().getValueAtPercentile(50) / 1000.0, r.latencyNanos().getValueAtPercentile(99) / 1000.0,
          r.latencyNanos().getValueAtPercentile(99.9) / 1000.0, r.latencyNanos().getMaxValue() / 1000.0, r.errors(),
          driverPct, Double.NaN, Double.NaN,
          r.errors() == 0 ? null : r.errors() + " errors");
    } catch (Exception e) {
      return Cell.failed(s, server, e.toString());
    }
  }

  private static Cell idle(Scenario s, String server, ServerProcess p, java.net.SocketAddress addr) throws Exception {
    p.heapBytes(); // the first full GC settles start-up leftovers
    long heap0 = p.heapBytes();
    long rss0 = p.rssBytes();
    try (LoadDriver.Idle conns = LoadDriver.idle(addr, s.connections())) {
      Thread.sleep(500); // let the server accept and register the last of them
      long heap1 = p.heapBytes();
      long rss1 = p.rssBytes();
      int n = conns.channels().size();
      return new Cell(s, server, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
          Double.NaN, (rss1 - rss0) / (double) n, heap0 < 0 ? Double.NaN : (heap1 - heap0) / (double) n, null);
    }
  }

  /** How many rounds of 10 connections warm the server before a burst (each closed before the next). */
  private static final int SERVER_WARM_ROUNDS = Math.max(1, Integer.getInteger("pulse.bench.serverWarmRounds", 2));

  /** Untimed bursts the driver runs against its own throwaway echo server before a timed burst (its code compiled). */
  private static final int DRIVER_WARM_BURSTS = Integer.getInteger("pulse.bench.driverWarmBursts", 3);

  /**
   * The burst: the driver first warms its own burst code against a throwaway echo server of its own (so the figure
   * is the server's, not the interpreted driver's); then a short warm-up on 10 connections, replaced by 10 new ones
   * halfway (so the server's echo and close paths are compiled, as in a running server), closed a second before
   * {@code s.connections()} connections open at once;
   * each one's time to its first echo, 30 s at most. For the second-burst scenario an untimed burst of the same size
   * comes first, and its connections are closed a second before the timed one: what a server that has taken bursts
   * before does, with its accept path compiled. The cell's CPU figure is the server's CPU per connection over the
   * timed burst.
   */
  private static Cell burst(Options o, Scenario s, String server, ServerProcess p, java.net.SocketAddress addr)
      throws Exception {
    for (int i = 0; i < DRIVER_WARM_BURSTS; i++) LoadDriver.warmBurstPath(s.connections(), s.size());
    // The server's warm-up: 10 connections echoing, closed and replaced by 10 new ones halfway, as clients come and go
    // on a running server. A server that never saw a connection end compiles its read path without that branch; the
    // first close then throws the compiled code away, and it would be recompiled during the burst.
    long warmNanos = TimeUnit.MILLISECONDS.toNanos(o.warmupMillis()) / SERVER_WARM_ROUNDS;
    for (int i = 0; i < SERVER_WARM_ROUNDS; i++) {
      LoadDriver.run(addr, 10, s.size(), 1, warmNanos, 0); // closes its connections
      Thread.sleep(i < SERVER_WARM_ROUNDS - 1 ? 200 : 1000); // the server takes those closes before what follows
    }
    if (s.kind() == Scenario.Kind.SECOND_BURST) {
      LoadDriver.burst(addr, s.connections(), s.size(), TimeUnit.SECONDS.toNanos(30)); // closes its connections
      Thread.sleep(1000); // the server takes those closes before the timed burst
    }
    long cpu0 = p.cpuNanos();
    long jit0 = p.compilerCpuNanos();
    LoadDriver.Burst b = LoadDriver.burst(addr, s.connections(), s.size(), TimeUnit.SECONDS.toNanos(30));
    long jit1 = p.compilerCpuNanos();
    // The server's CPU (all its threads: loop, JIT compilers, GC) over the burst, per connection; /proc counts in
    // clock ticks (10 ms), and the driver's closes at the end of the burst are partly in it.
    double cpuMicrosPerConn = (p.cpuNanos() - cpu0) / 1000.0 / s.connections();
    long[] t = b.firstEchoNanos();
    int answered = b.answered();
    String failure = answered < t.length ? (t.length - answered) + " of " + t.length + " got no echo in 30 s"
        : b.errors() > 0 ? b.errors() + " errors" : null;
    // The JIT's share: on a server pinned to one CPU its compiler threads run on the loop's CPU, so a cold path the
    // burst makes the JIT compile delays the burst by about that much.
    double jitMillis = jit0 < 0 || jit1 < 0 ? Double.NaN : (jit1 - jit0) / 1e6;
    return new Cell(s, server, Double.NaN, cpuMicrosPerConn, micros(t, 0.50), micros(t, 0.99), micros(t, 0.999),
        micros(t, 1.0), b.errors(), Double.NaN, Double.NaN, Double.NaN, failure).withJitMillis(jitMillis);
  }

  /** The {@code q} quantile of sorted nanoseconds, in µs (infinite for a connection that got no echo). */
  private static double micros(long[] sorted, double q) {
    long v = sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1000.0;
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String pinnable(String cpus) {
    return cpus != null && tasksetOnPath() ? cpus : null;
  }

  private static boolean tasksetOnPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "taskset"))) return true;
    }
    return false;
  }

  /** Pins every thread of this JVM (the driver) to {@code cpus}. */
  static void pinSelf(String cpus) throws Exception {
    if (pinnable(cpus) == null) return;
    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, "" + ProcessHandle.current().pid())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(5, TimeUnit.SECONDS);
  }
}

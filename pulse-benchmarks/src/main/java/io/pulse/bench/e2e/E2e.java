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
import java.util.List;
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

  /** Cores of the machine, read before the driver pins itself to fewer. */
  static final int CORES = Runtime.getRuntime().availableProcessors();

  public static List<Cell> run(Options o) throws Exception {
    pinSelf(o.driverCpus());
    Path cBinary = CFloor.build(Files.createTempDirectory("pulse-bench-c"));
    BenchCerts certs = BenchCerts.create();
    List<Cell> cells = new ArrayList<>();
    for (Scenario s : o.quick() ? Scenario.quick() : Scenario.full()) {
      if (o.scenarioFilter() != null && !s.name().contains(o.scenarioFilter())) continue;
      List<String> servers = new ArrayList<>();
      for (String server : o.servers()) {
        if (!EchoServers.available(server) && !server.equals("c-epoll")) continue;
        if (server.equals("c-epoll") && (cBinary == null || s.idle())) continue;
        if (s.runsOn(server)) servers.add(server);
      }
      // Rounds interleave the servers, so a noisy minute on a shared machine hits all of them alike.
      List<List<Cell>> rounds = new ArrayList<>();
      for (String ignored : servers) rounds.add(new ArrayList<>());
      for (int r = 0; r < Math.max(1, o.repeat()); r++) {
        for (int i = 0; i < servers.size(); i++) rounds.get(i).add(measure(o, s, servers.get(i), cBinary, certs));
      }
      for (List<Cell> runs : rounds) cells.add(median(runs));
    }
    return cells;
  }

  /** The run with the median server CPU per message (a failed run, if any failed: failures are not hidden). */
  static Cell median(List<Cell> runs) {
    for (Cell c : runs) if (!c.ok()) return c;
    List<Cell> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(c -> c.scenario().idle() ? c.rssBytesPerConn() : c.cpuMicrosPerMsg()));
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
      // A server that echoed nothing in the window (a JIT or scheduler stall on a loaded machine) is measured
      // again with a window four times longer, twice at most, before the cell is called failed.
      long[] cpu = new long[2];
      LoadDriver.Result r = null;
      double driverPct = 0;
      for (int attempt = 0; attempt < 3 && (r == null || r.messages() == 0); attempt++) {
        long warmMillis = o.warmupMillis() << (2 * attempt);
        long windowMillis = o.durationMillis() << (2 * attempt);
        // Server CPU over the measured window only: sample it when the window starts and ends.
        long driverCpu0 = ownCpuNanos();
        Thread sampler = new Thread(() -> {
          try {
            Thread.sleep(warmMillis);
            cpu[0] = p.cpuNanos();
            Thread.sleep(windowMillis);
            cpu[1] = p.cpuNanos();
          } catch (Exception e) {
            cpu[0] = cpu[1] = -1;
          }
        });
        sampler.start();
        r = LoadDriver.run(addr, s.wire().name(), s.tls() ? certs.clientContext() : null, s.connections(), s.size(),
            s.depth(), TimeUnit.MILLISECONDS.toNanos(warmMillis), TimeUnit.MILLISECONDS.toNanos(windowMillis));
        sampler.join();
        driverPct = 100.0 * (ownCpuNanos() - driverCpu0) / TimeUnit.MILLISECONDS.toNanos(warmMillis + windowMillis);
      }
      if (r.messages() == 0) return Cell.failed(s, server, "no messages echoed");
      double cpuUs = (cpu[1] - cpu[0]) / 1000.0 / r.messages();
      return new Cell(s, server, r.messages() / r.seconds(), cpuUs,
          r.latencyNanos().getValueAtPercentile(50) / 1000.0, r.latencyNanos().getValueAtPercentile(99) / 1000.0,
          r.latencyNanos().getValueAtPercentile(99.9) / 1000.0, r.errors(), driverPct, Double.NaN, Double.NaN,
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
      return new Cell(s, server, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN,
          (rss1 - rss0) / (double) n, heap0 < 0 ? Double.NaN : (heap1 - heap0) / (double) n, null);
    }
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String pinnable(String cpus) {
    return cpus != null && tasksetOnPath() ? cpus : null;
  }

  private static boolean tasksetOnPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "taskset"))) return true;
    }
    return false;
  }

  /** Pins every thread of this JVM (the driver) to {@code cpus}. */
  private static void pinSelf(String cpus) throws Exception {
    if (pinnable(cpus) == null) return;
    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, "" + ProcessHandle.current().pid())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(5, TimeUnit.SECONDS);
  }
}

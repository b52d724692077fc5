package io.pulse.bench.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code pulse-benchmarks.jar redis [--quick]}: Pulse's mini Redis (one loop) against redis-server, both pinned to
 * the server CPU, driven by redis-benchmark (50 clients) pinned to the driver CPU; PING, SET and GET with and without
 * {@code -P 16}. Rounds alternate the servers and report the median; prints a markdown table and appends it to
 * {@code results/latest.md} under its own heading.
 */
public final class RedisCommand {
  static final String HEADING = "## Mini Redis vs redis-server";
  private static final String[] TESTS = {"ping", "set", "get"};
  private static final int[] PIPELINES = {1, 16};

  private RedisCommand() {}

  /** Returns the exit code: 0 when every run completed, 2 when redis-server or redis-benchmark is missing. */
  public static int main(String[] args) throws Exception {
    int requests = 100_000;
    int rounds = 3;
    int clients = 50;
    String serverCpus = "0";
    String driverCpus = "1";
    Path jar = Path.of("samples", "target", "pulse-samples.jar");
    Path out = Path.of("pulse-benchmarks", "results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> { requests = 20_000; rounds = 1; }
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--server-cpus" -> serverCpus = args[++i];
        case "--driver-cpus" -> driverCpus = args[++i];
        case "--samples-jar" -> jar = Path.of(args[++i]);
        case "--out" -> out = args[++i].equals("-") ? null : Path.of(args[i]);
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    for (String tool : new String[] {"redis-server", "redis-benchmark"}) {
      if (!RedisServers.onPath(tool)) {
        System.err.println(tool + " not found: apt-get install redis-server redis-tools");
        return 2;
      }
    }
    if (!Files.isReadable(jar)) throw new IOException(jar + " not found: build it with mvn -q -DskipTests package");

    // results[server][test@pipeline] = per-round rps and CPU µs/request
    Map<String, List<double[]>> pulse = new LinkedHashMap<>();
    Map<String, List<double[]>> redis = new LinkedHashMap<>();
    String loadBefore = loadAverage();
    try (RedisServers p = RedisServers.pulse(jar, serverCpus); RedisServers r = RedisServers.redisServer(serverCpus)) {
      warmUp(p, driverCpus, clients, requests);
      for (int round = 0; round < rounds; round++) {
        for (int pipeline : PIPELINES) {
          for (String test : TESTS) {
            int n = requests * (pipeline == 1 ? 1 : 4);
            measure(p, test, pipeline, n, clients, driverCpus, pulse);
            measure(r, test, pipeline, n, clients, driverCpus, redis);
          }
        }
      }
    }
    String table = table(pulse, redis, requests, rounds, clients, serverCpus, driverCpus)
        + "\nLoad average (1 min) before / after: " + loadBefore + " / " + loadAverage()
        + " on " + Runtime.getRuntime().availableProcessors() + " CPUs; above ~1 other work shared the cores.\n";
    System.out.println(table);
    if (out != null) append(out.resolve("latest.md"), table);
    return 0;
  }

  private static void warmUp(RedisServers s, String cpus, int clients, int requests) throws Exception {
    for (int i = 0; i < 2; i++) benchmark(s, "set,get", 16, Math.max(requests, 100_000), clients, cpus);
  }

  /** One redis-benchmark run of {@code test}; records each reported rate with the server CPU per request. */
  private static void measure(RedisServers s, String test, int pipeline, int n, int clients, String cpus,
      Map<String, List<double[]>> into) throws Exception {
    long cpu0 = s.cpuNanos();
    Map<String, Double> rates = benchmark(s, test, pipeline, n, clients, cpus);
    double cpuPerRequestMicros = (s.cpuNanos() - cpu0) / 1000.0 / ((double) n * rates.size());
    rates.forEach((name, rps) -> into.computeIfAbsent(name + "@" + pipeline, k -> new ArrayList<>())
        .add(new double[] {rps, cpuPerRequestMicros}));
  }

  /** Runs redis-benchmark --csv and returns test name to requests/s; fails on any error it reports. */
  static Map<String, Double> benchmark(RedisServers s, String tests, int pipeline, int n, int clients, String cpus)
      throws Exception {
    List<String> cmd = RedisServers.pinned(cpus);
    cmd.addAll(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", "" + s.port, "-t", tests, "-n", "" + n,
        "-c", "" + clients, "-P", "" + pipeline, "--csv"));
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      throw new IOException("redis-benchmark timed out against " + s.name);
    }
    Map<String, Double> rates = new LinkedHashMap<>();
    for (String line : text.split("[\r\n]+")) {
      String[] f = line.split(",");
      if (f.length < 2 || !f[0].startsWith("\"") || f[0].equals("\"test\"")) {
        if (line.toLowerCase(java.util.Locale.ROOT).contains("error")) {
          throw new IOException(s.name + ": redis-benchmark reported: " + line);
        }
        continue;
      }
      rates.put(f[0].replace("\"", ""), Double.parseDouble(f[1].replace("\"", "")));
    }
    if (rates.isEmpty() || proc.exitValue() != 0) throw new IOException(s.name + ": redis-benchmark said:\n" + text);
    return rates;
  }

  static String table(Map<String, List<double[]>> pulse, Map<String, List<double[]>> redis, int requests, int rounds,
      int clients, String serverCpus, String driverCpus) {
    StringBuilder sb = new StringBuilder();
    sb.append(HEADING).append("\n\n")
        .append(Instant.now()).append(", ").append(cpuModel()).append(", JDK ").append(System.getProperty("java.version"))
        .append(". Both servers pinned to CPU ").append(serverCpus).append(" (Pulse: one event loop), redis-benchmark -c ")
        .append(clients).append(" pinned to CPU ").append(driverCpus).append("; ").append(requests)
        .append(" requests a run (×4 with -P 16), median of ").append(rounds)
        .append(" alternating rounds. `java -jar pulse-benchmarks/target/pulse-benchmarks.jar redis`\n\n")
        .append("Ratio = Pulse req/s ÷ redis-server req/s; efficiency = redis-server CPU µs/req ÷ Pulse's (above 1: Pulse")
        .append(" spends less CPU per request; the steadier figure on a shared machine).\n\n")
        .append("| test | pipeline | pulse req/s | redis-server req/s | ratio | pulse CPU µs/req | redis CPU µs/req | efficiency |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, List<double[]>> e : pulse.entrySet()) {
      String[] key = e.getKey().split("@");
      double prps = median(e.getValue(), 0);
      double rrps = median(redis.getOrDefault(e.getKey(), List.of()), 0);
      double pcpu = median(e.getValue(), 1);
      double rcpu = median(redis.getOrDefault(e.getKey(), List.of()), 1);
      sb.append(String.format(java.util.Locale.ROOT, "| %s | %s | %.0f | %.0f | %.2f× | %.2f | %.2f | %.2f× |%n", key[0],
          key[1], prps, rrps, prps / rrps, pcpu, rcpu, rcpu / pcpu));
    }
    return sb.toString();
  }

  private static double median(List<double[]> runs, int field) {
    if (runs.isEmpty()) return Double.NaN;
    double[] v = runs.stream().mapToDouble(r -> r[field]).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Replaces this benchmark's section of {@code file} (or adds it at the end), leaving the rest as it was. */
  static void append(Path file, String section) throws IOException {
    String old = Files.exists(file) ? Files.readString(file) : "";
    int at = old.indexOf(HEADING);
    String before = at < 0 ? old : old.substring(0, at);
    String after = "";
    if (at >= 0) {
      int next = old.indexOf("\n## ", at + HEADING.length());
      after = next < 0 ? "" : old.substring(next + 1);
    }
    String joined = before.stripTrailing() + (before.isBlank() ? "" : "\n\n") + section.stripTrailing() + "\n"
        + (after.isEmpty() ? "" : "\n" + after);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, joined);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
      }
    } catch (IOException ignored) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}

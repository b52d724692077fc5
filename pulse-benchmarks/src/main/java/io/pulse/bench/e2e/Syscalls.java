package io.pulse.bench.e2e;

import io.pulse.bench.driver.LoadDriver;
import io.pulse.bench.servers.EchoServers;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code syscalls}: system calls per echoed message, per server and scenario, counted by {@code perf stat} on the
 * syscall tracepoints of the server process over the measured window (a kernel counter: the server runs at full
 * speed, unlike under strace). Needs {@code perf} and permission to read tracepoints (root, or
 * {@code kernel.perf_event_paranoid <= -1}); says so and stops otherwise.
 */
public final class Syscalls {
  private static final String[] CALLS = {"io_uring_enter", "epoll_wait", "read", "write", "writev", "recvfrom",
      "sendto", "sendmsg", "recvmsg", "epoll_ctl"};

  private Syscalls() {}

  /** Runs the count for {@code args} ({@code --servers}, {@code --scenarios}, {@code --warmup}, {@code --duration}). */
  public static void main(String[] args) throws Exception {
    List<String> servers = List.of("pulse-epoll", "pulse-iouring", "netty-epoll", "netty-iouring", "c-epoll",
        "c-iouring");
    String filter = "64 B";
    long warmup = 2000;
    long duration = 3000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--servers": servers = Arrays.asList(args[++i].split(",")); break;
        case "--scenarios": filter = args[++i]; break;
        case "--warmup": warmup = Long.parseLong(args[++i]); break;
        case "--duration": duration = Long.parseLong(args[++i]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String why = perfUnavailable();
    if (why != null) {
      System.err.println("syscalls: " + why);
      return;
    }
    E2e.pinSelf("1");
    Path cDir = Files.createTempDirectory("pulse-bench-c");
    cDir.toFile().deleteOnExit(); // after the binaries built in it (deleted in reverse order)
    BenchCerts certs = BenchCerts.create();
    StringBuilder out = new StringBuilder("| scenario | server | syscalls/msg |");
    for (String c : CALLS) out.append(' ').append(c).append(" |");
    out.append("\n|---|---|---:|").append("---:|".repeat(CALLS.length)).append('\n');
    for (Scenario s : Scenario.full()) {
      if (!s.name().contains(filter) || s.idle() || s.burst() || s.tls()) continue;
      for (String server : servers) {
        if (!s.runsOn(server)) continue;
        Path binary = null;
        if (server.startsWith("c-")) {
          CFloor.Binary b = CFloor.build(cDir, server);
          if (b.whyNot() != null) {
            System.err.println("skipping " + server + ": " + b.whyNot());
            continue;
          }
          binary = b.path();
        } else if (EchoServers.unavailabilityCause(server) != null) {
          System.err.println("skipping " + server + ": " + EchoServers.unavailabilityCause(server));
          continue;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        long messages = count(s, server, binary, certs, warmup, duration, counts);
        out.append("| ").append(s.name()).append(" | ").append(server).append(" | ")
            .append(String.format("%.3f", counts.getOrDefault("raw_syscalls:sys_enter", 0L) / (double) messages))
            .append(" |");
        for (String c : CALLS) {
          out.append(String.format(" %.3f |", counts.getOrDefault("syscalls:sys_enter_" + c, 0L) / (double) messages));
        }
        out.append('\n');
        System.err.println(s.name() + " " + server + ": " + messages + " msgs, " + counts);
      }
    }
    System.out.print(out);
  }

  private static long count(Scenario s, String server, Path binary, BenchCerts certs, long warmup, long duration,
      Map<String, Long> counts) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (ServerProcess p = ServerProcess.start(server, port, E2e.pinnable("0"), binary, certs.keyStore())) {
      Path file = Files.createTempFile("pulse-perf", ".txt");
      List<String> cmd = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-o", file.toString(), "-p",
          "" + p.pid(), "-e", "raw_syscalls:sys_enter"));
      for (String c : CALLS) cmd.addAll(List.of("-e", "syscalls:sys_enter_" + c));
      cmd.addAll(List.of("--", "sleep", "" + duration / 1000.0));
      Process[] perf = new Process[1];
      Thread starter = new Thread(() -> {
        try {
          Thread.sleep(warmup);
          perf[0] = new ProcessBuilder(cmd).redirectErrorStream(true).start();
          perf[0].waitFor();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      starter.start();
      LoadDriver.Result r = LoadDriver.run(new InetSocketAddress("127.0.0.1", port), s.wire().name(), null,
          s.connections(), s.size(), s.depth(), TimeUnit.MILLISECONDS.toNanos(warmup),
          TimeUnit.MILLISECONDS.toNanos(duration));
      starter.join();
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split(",");
        if (f.length > 2 && f[2].contains("sys_enter")) {
          try {
            counts.put(f[2], Long.parseLong(f[0]));
          } catch (NumberFormatException notCounted) {
            counts.put(f[2], 0L);
          }
        }
      }
      Files.deleteIfExists(file);
      return Math.max(1, r.messages());
    }
  }

  private static String perfUnavailable() {
    try {
      Process p = new ProcessBuilder("perf", "stat", "-e", "raw_syscalls:sys_enter", "--", "true")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) return "perf cannot count syscall tracepoints here: " + out.trim();
      return null;
    } catch (Exception e) {
      return "perf not found (apt-get install linux-perf): " + e.getMessage();
    }
  }
}

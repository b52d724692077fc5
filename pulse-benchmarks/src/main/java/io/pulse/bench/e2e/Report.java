package io.pulse.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the grid as a markdown table (with the machine it ran on) and an SVG bar chart. */
final class Report {
  private static final String BASELINE = "netty-epoll";

  private Report() {}

  static String markdown(E2e.Grid grid, E2e.Options o) {
    List<Cell> cells = grid.cells();
    StringBuilder b = new StringBuilder();
    b.append("# Pulse vs Netty: echo benchmark\n\n");
    b.append("- date: ").append(ZonedDateTime.now()).append('\n');
    b.append("- cpu: ").append(Machine.cpuModel()).append(" (").append(E2e.CORES)
        .append(" cores)\n");
    b.append("- kernel: ").append(Machine.kernel()).append('\n');
    b.append("- jdk: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append('\n');
    b.append("- servers pinned to cpu ").append(o.serverCpus()).append(", driver to cpu ").append(o.driverCpus())
        .append("; one event loop per server; warm-up ").append(o.warmupMillis()).append(" ms, window ")
        .append(o.durationMillis()).append(" ms")
        .append(o.repeat() > 1 ? "; each cell the median (by server CPU/msg) of " + o.repeat() + " interleaved runs" : "")
        .append('\n');
    b.append("- ratios are against ").append(BASELINE).append(" (TLS cells: netty-epoll-tls, WS cells: netty-epoll-ws)")
        .append(" in the same run: ")
        .append("**eff.** = messages per server-CPU-second, **tput** = messages per second; with --repeat, **paired**")
        .append(" = median over rounds of the ratio within each round (eff. vs netty: its CPU/msg over ours;")
        .append(" CPU vs c-epoll: ours over the C epoll floor's)\n");
    for (Map.Entry<String, String> e : grid.skipped().entrySet()) {
      b.append("- skipped ").append(e.getKey()).append(": ").append(e.getValue().replace('|', '/')).append('\n');
    }
    b.append('\n');
    b.append("| scenario | server | msgs/s | server CPU µs/msg | p50 µs | p99 µs | p99.9 µs | errors | driver CPU % "
        + "| eff. vs netty | tput vs netty | paired eff. vs netty | paired CPU vs c-epoll |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Cell c : cells) {
      if (c.scenario().idle() || c.scenario().burst()) continue;
      Cell base = baseline(cells, c);
      b.append("| ").append(c.scenario().name()).append(" | ").append(c.server()).append(" | ");
      if (!c.ok() && Double.isNaN(c.msgsPerSec())) {
        b.append("failed: ").append(c.failure().replace('|', '/')).append(" | | | | | | | | | | |\n");
        continue;
      }
      b.append(fmt("%.0f", c.msgsPerSec())).append(" | ").append(fmt("%.2f", c.cpuMicrosPerMsg())).append(" | ")
          .append(fmt("%.0f", c.p50Micros())).append(" | ").append(fmt("%.0f", c.p99Micros())).append(" | ")
          .append(fmt("%.0f", c.p999Micros())).append(" | ").append(c.errors()).append(" | ")
          .append(fmt("%.0f", c.driverCpuPercent())).append(" | ")
          .append(base == null ? "" : fmt("%.2f×", base.cpuMicrosPerMsg() / c.cpuMicrosPerMsg())).append(" | ")
          .append(base == null ? "" : fmt("%.2f×", c.msgsPerSec() / base.msgsPerSec())).append(" | ")
          .append(fmt("%.2f×", c.pairedEff())).append(" | ").append(fmt("%.2f×", c.pairedCpuVsC())).append(" |\n");
    }
    b.append("\n| idle scenario | server | RSS bytes/conn | heap bytes/conn |\n|---|---|---:|---:|\n");
    for (Cell c : cells) {
      if (!c.scenario().idle()) continue;
      b.append("| ").append(c.scenario().name()).append(" | ").append(c.server()).append(" | ")
          .append(c.ok() ? fmt("%.0f", c.rssBytesPerConn()) : "failed: " + c.failure()).append(" | ")
          .append(c.ok() ? fmt("%.0f", c.heapBytesPerConn()) : "").append(" |\n");
    }
    if (cells.stream().anyMatch(c -> c.scenario().burst())) {
      b.append("\n| burst scenario | server | every first echo ms | p50 ms | p99 ms | server CPU µs/conn "
          + "| server JIT CPU ms | errors |\n").append("|---|---|---:|---:|---:|---:|---:|---:|\n");
      for (Cell c : cells) {
        if (!c.scenario().burst()) continue;
        b.append("| ").append(c.scenario().name()).append(" | ").append(c.server()).append(" | ")
            .append(millis(c.maxMicros())).append(c.ok() ? "" : " (failed: " + c.failure().replace('|', '/') + ")")
            .append(" | ").append(millis(c.p50Micros())).append(" | ").append(millis(c.p99Micros())).append(" | ")
            .append(fmt("%.0f", c.cpuMicrosPerMsg())).append(" | ")
            .append(Double.isNaN(c.jitMillis()) ? "–" : fmt("%.0f", c.jitMillis())).append(" | ")
            .append(c.errors() < 0 ? "" : "" + c.errors()).append(" |\n");
      }
    }
    return b.toString();
  }

  private static String millis(double micros) {
    return Double.isInfinite(micros) ? "none" : fmt("%.0f", micros / 1000.0);
  }

  static Cell baseline(List<Cell> cells, Cell c) {
    for (Cell x : cells) {
      if (x.scenario().equals(c.scenario()) && x.server().equals(c.scenario().baseline()) && x.ok()) return x;
    }
    return null;
  }

  private static String fmt(String f, double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, f, v);
  }

  /** Two grouped bar charts: msgs/s and server CPU µs per message, per scenario and server. */
  static String svg(List<Cell> cells) {
    Map<String, List<Cell>> byScenario = new LinkedHashMap<>();
    List<String> servers = new ArrayList<>();
    for (Cell c : cells) {
      if (c.scenario().idle() || c.scenario().burst() || !c.ok()) continue;
      byScenario.computeIfAbsent(c.scenario().name(), k -> new ArrayList<>()).add(c);
      if (!servers.contains(c.server())) servers.add(c.server());
    }
    String[] colors = {"#1f77b4", "#aec7e8", "#c6dbef", "#6baed6", "#d62728", "#ff9896", "#2ca02c", "#7f7f7f"};
    int groupW = 24 * servers.size() + 20;
    int w = 80 + groupW * Math.max(1, byScenario.size());
    int chartH = 220;
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(w).append("' height='")
        .append(2 * chartH + 140).append("' font-family='sans-serif' font-size='11'>\n");
    chart(b, byScenario, servers, colors, 0, chartH, "messages per second", true);
    chart(b, byScenario, servers, colors, chartH + 60, chartH, "server CPU µs per message (lower is better)", false);
    int y = 2 * chartH + 110;
    for (int i = 0; i < servers.size(); i++) {
      b.append("<rect x='").append(80 + i * 130).append("' y='").append(y).append("' width='10' height='10' fill='")
          .append(colors[i % colors.length]).append("'/><text x='").append(94 + i * 130).append("' y='")
          .append(y + 9).append("'>").append(servers.get(i)).append("</text>\n");
    }
    return b.append("</svg>\n").toString();
  }

  private static void chart(StringBuilder b, Map<String, List<Cell>> groups, List<String> servers, String[] colors,
      int top, int h, String title, boolean throughput) {
    double max = 0;
    for (List<Cell> g : groups.values()) {
      for (Cell c : g) max = Math.max(max, throughput ? c.msgsPerSec() : c.cpuMicrosPerMsg());
    }
    if (max <= 0) max = 1;
    b.append("<text x='10' y='").append(top + 20).append("' font-size='13'>").append(title).append("</text>\n");
    int base = top + h;
    int x = 80;
    for (Map.Entry<String, List<Cell>> e : groups.entrySet()) {
      for (Cell c : e.getValue()) {
        int i = servers.indexOf(c.server());
        double v = throughput ? c.msgsPerSec() : c.cpuMicrosPerMsg();
        int bh = (int) Math.round((h - 40) * v / max);
        b.append("<rect x='").append(x + i * 24).append("' y='").append(base - bh).append("' width='20' height='")
            .append(bh).append("' fill='").append(colors[i % colors.length]).append("'><title>").append(c.server())
            .append(": ").append(String.format(Locale.ROOT, "%.2f", v)).append("</title></rect>\n");
      }
      b.append("<text x='").append(x).append("' y='").append(base + 14).append("' font-size='9'>")
          .append(e.getKey()).append("</text>\n");
      x += 24 * servers.size() + 20;
    }
    b.append("<line x1='75' y1='").append(base).append("' x2='").append(x).append("' y2='").append(base)
        .append("' stroke='black'/>\n");
  }

  static void write(E2e.Grid grid, E2e.Options o) throws IOException {
    List<Cell> cells = grid.cells();
    if (o.outDir() == null) return;
    Files.createDirectories(o.outDir());
    Path md = o.outDir().resolve("latest.md");
    // Sections other runs appended ("## Idle memory", "## Mini Redis vs redis-server", ...) are kept.
    String kept = "";
    if (Files.exists(md)) {
      String old = Files.readString(md);
      int i = old.indexOf("\n## ");
      if (i >= 0) kept = "\n" + old.substring(i + 1);
    }
    Files.writeString(md, markdown(grid, o) + "\n![chart](latest.svg)\n" + kept);
    Files.writeString(o.outDir().resolve("latest.svg"), svg(cells));
  }
}

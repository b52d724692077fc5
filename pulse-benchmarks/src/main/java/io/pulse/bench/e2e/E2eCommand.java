package io.pulse.bench.e2e;

import io.pulse.bench.servers.EchoServers;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Parses the e2e options, runs the grid, prints the table and writes the results files. */
public final class E2eCommand {
  private E2eCommand() {}

  /** Returns the exit code: 0 if every cell ran without errors. */
  public static int main(String[] args) throws Exception {
    boolean quick = false;
    long warmup = 3000;
    long duration = 5000;
    List<String> servers = EchoServers.KINDS;
    String filter = null;
    String serverCpus = "0";
    String driverCpus = "1";
    Path out = Path.of("pulse-benchmarks", "results");
    int repeat = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick": quick = true; warmup = 500; duration = 1000; break;
        case "--warmup": warmup = Long.parseLong(args[++i]); break;
        case "--duration": duration = Long.parseLong(args[++i]); break;
        case "--servers": servers = Arrays.asList(args[++i].split(",")); break;
        case "--scenarios": filter = args[++i]; break;
        case "--server-cpus": serverCpus = args[++i]; break;
        case "--driver-cpus": driverCpus = args[++i]; break;
        case "--repeat": repeat = Integer.parseInt(args[++i]); break;
        case "--out": out = args[++i].equals("-") ? null : Path.of(args[++i - 1]); break;
        default: throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    E2e.Options o = new E2e.Options(quick, warmup, duration, servers, filter, serverCpus, driverCpus, out, repeat);
    E2e.Grid grid = E2e.run(o);
    System.out.println(Report.markdown(grid, o));
    Report.write(grid, o);
    return grid.ok() ? 0 : 1;
  }
}

package io.pulse.bench.e2e;

/**
 * One server in one scenario: what the driver and /proc measured. NaN where a figure does not apply (the paired
 * ratios: with one round, or without the other server). In a burst
 * cell the latency figures are times from the start of the burst to each connection's first echo, {@code maxMicros}
 * the last of them (infinite if some connection got none), {@code cpuMicrosPerMsg} the server's CPU per
 * connection over the burst, and {@code jitMillis} its JIT compiler threads' CPU over the burst (NaN elsewhere, and
 * for a server without a JIT).
 */
record Cell(Scenario scenario, String server, double msgsPerSec, double cpuMicrosPerMsg, double p50Micros,
    double p99Micros, double p999Micros, double maxMicros, long errors, double driverCpuPercent,
    double rssBytesPerConn, double heapBytesPerConn, String failure, double pairedEff, double pairedCpuVsC,
    double jitMillis) {

  Cell(Scenario scenario, String server, double msgsPerSec, double cpuMicrosPerMsg, double p50Micros,
      double p99Micros, double p999Micros, double maxMicros, long errors, double driverCpuPercent,
      double rssBytesPerConn, double heapBytesPerConn, String failure) {
    this(scenario, server, msgsPerSec, cpuMicrosPerMsg, p50Micros, p99Micros, p999Micros, maxMicros, errors,
        driverCpuPercent, rssBytesPerConn, heapBytesPerConn, failure, Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * This cell with its paired ratios over interleaved rounds: the median of the per-round efficiency ratios to the
   * scenario's baseline (its CPU/msg over ours), and of our CPU/msg over c-epoll's in the same round.
   */
  Cell withPaired(double eff, double cpuVsC) {
    return new Cell(scenario, server, msgsPerSec, cpuMicrosPerMsg, p50Micros, p99Micros, p999Micros, maxMicros,
        errors, driverCpuPercent, rssBytesPerConn, heapBytesPerConn, failure, eff, cpuVsC, jitMillis);
  }

  /** This burst cell with the server's JIT compiler CPU over the burst, in ms (NaN: no JIT). */
  Cell withJitMillis(double ms) {
    return new Cell(scenario, server, msgsPerSec, cpuMicrosPerMsg, p50Micros, p99Micros, p999Micros, maxMicros,
        errors, driverCpuPercent, rssBytesPerConn, heapBytesPerConn, failure, pairedEff, pairedCpuVsC, ms);
  }

  boolean ok() {
    return failure == null;
  }

  static Cell failed(Scenario s, String server, String why) {
    return new Cell(s, server, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1,
        Double.NaN, Double.NaN, Double.NaN, why);
  }
}

package io.pulse.bench.e2e;

/**
 * One server in one scenario: what the driver and /proc measured. NaN where a figure does not apply. In a burst
 * cell the latency figures are times from the start of the burst to each connection's first echo, {@code maxMicros}
 * the last of them (infinite if some connection got none).
 */
record Cell(Scenario scenario, String server, double msgsPerSec, double cpuMicrosPerMsg, double p50Micros,
    double p99Micros, double p999Micros, double maxMicros, long errors, double driverCpuPercent,
    double rssBytesPerConn, double heapBytesPerConn, String failure) {

  boolean ok() {
    return failure == null;
  }

  static Cell failed(Scenario s, String server, String why) {
    return new Cell(s, server, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1,
        Double.NaN, Double.NaN, Double.NaN, why);
  }
}

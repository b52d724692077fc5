package io.pulse.bench.e2e;

/** One server in one scenario: what the driver and /proc measured. NaN where a figure does not apply. */
record Cell(Scenario scenario, String server, double msgsPerSec, double cpuMicrosPerMsg, double p50Micros,
    double p99Micros, double p999Micros, long errors, double driverCpuPercent, double rssBytesPerConn,
    double heapBytesPerConn, String failure) {

  boolean ok() {
    return failure == null;
  }

  static Cell failed(Scenario s, String server, String why) {
    return new Cell(s, server, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, Double.NaN,
        Double.NaN, Double.NaN, why);
  }
}

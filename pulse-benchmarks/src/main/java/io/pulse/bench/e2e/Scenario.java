package io.pulse.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * One column of the grid: ping-pong or pipelined echo with N connections × size bytes, over plain TCP, TLS (for
 * the {@code -tls} servers) or WebSocket binary frames (for the {@code -ws} servers); the idle test; or the burst
 * (N connections opened at once, timed until each has its first echo).
 */
record Scenario(String name, int connections, int size, int depth, Kind kind, Wire wire) {
  /** What the driver speaks. */
  enum Wire { TCP, TLS, WS }

  /**
   * What is measured: steady echo, idle memory, or time to first echo of a connection burst (the first one the server
   * sees, or a second one after an untimed burst of the same size: its accept and open path compiled).
   */
  enum Kind { ECHO, IDLE, BURST, SECOND_BURST }

  boolean idle() {
    return kind == Kind.IDLE;
  }

  boolean burst() {
    return kind == Kind.BURST || kind == Kind.SECOND_BURST;
  }

  boolean tls() {
    return wire == Wire.TLS;
  }

  static Scenario pingPong(int connections, int size) {
    return new Scenario(connections + " conn × " + label(size), connections, size, 1, Kind.ECHO, Wire.TCP);
  }

  static Scenario pipelined(int connections, int size, int depth) {
    return new Scenario(connections + " conn × " + label(size) + " pipelined " + depth, connections, size, depth,
        Kind.ECHO, Wire.TCP);
  }

  static Scenario idleConnections(int n) {
    return new Scenario(n + " idle conns", n, 0, 0, Kind.IDLE, Wire.TCP);
  }

  /** {@code n} connections opened at once, each sending one 64-byte message: time until each has its echo. */
  static Scenario burst(int n) {
    return new Scenario(n + " conn burst", n, 64, 1, Kind.BURST, Wire.TCP);
  }

  /** As {@link #burst}, timed on the second burst: a running server's accept path, not a cold one's. */
  static Scenario secondBurst(int n) {
    return new Scenario(n + " conn burst, 2nd", n, 64, 1, Kind.SECOND_BURST, Wire.TCP);
  }

  static Scenario tls(int connections, int size) {
    return new Scenario("TLS " + connections + " conn × " + label(size), connections, size, 1, Kind.ECHO, Wire.TLS);
  }

  static Scenario ws(int connections, int size) {
    return new Scenario("WS " + connections + " conn × " + label(size), connections, size, 1, Kind.ECHO, Wire.WS);
  }

  /** True if {@code server} runs this scenario: -tls and -ws servers run their own kind only, the others TCP. */
  boolean runsOn(String server) {
    Wire w = server.endsWith("-tls") ? Wire.TLS : server.endsWith("-ws") ? Wire.WS : Wire.TCP;
    return w == wire;
  }

  /** The baseline server of this scenario's ratios. */
  String baseline() {
    return wire == Wire.TLS ? "netty-epoll-tls" : wire == Wire.WS ? "netty-epoll-ws" : "netty-epoll";
  }

  static String label(int size) {
    return size >= 1024 ? size / 1024 + " KiB" : size + " B";
  }

  /** The full grid of the benchmark protocol. */
  static List<Scenario> full() {
    List<Scenario> l = new ArrayList<>();
    for (int c : new int[] {1, 100, 1000}) {
      for (int s : new int[] {64, 1024, 16 * 1024}) l.add(pingPong(c, s));
    }
    l.add(pipelined(100, 64, 16));
    l.add(idleConnections(10_000));
    l.add(burst(1000));
    l.add(secondBurst(1000));
    l.add(tls(100, 64));
    l.add(tls(100, 16 * 1024));
    l.add(ws(100, 64));
    l.add(ws(100, 16 * 1024));
    return l;
  }

  /** A few seconds' smoke grid. */
  static List<Scenario> quick() {
    return List.of(pingPong(1, 64), pingPong(100, 64), pipelined(10, 64, 16), idleConnections(1000),
        burst(1000),
        tls(10, 1024), ws(10, 1024));
  }
}

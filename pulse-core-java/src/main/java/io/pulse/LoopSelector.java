package io.pulse;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the event loop for a new connection. Round-robin (the default) spreads connections evenly by count;
 * least-connections evens out loops whose connections close at different rates (long-lived mixed with short);
 * hashing the remote address pins a client IP to one loop (per-client state without locks, caches).
 */
@FunctionalInterface
public interface LoopSelector {

  /**
   * Returns a loop index in {@code [0, openPerLoop.length)} for a connection from {@code remote};
   * {@code openPerLoop[i]} is the number of connections loop {@code i} has open now. Called on the acceptor.
   */
  int select(InetSocketAddress remote, int[] openPerLoop);

  /** Each loop in turn. */
  static LoopSelector roundRobin() {
    AtomicInteger next = new AtomicInteger();
    return (remote, open) -> Math.floorMod(next.getAndIncrement(), open.length);
  }

  /** The loop with the fewest open connections (the lowest index on a tie). */
  static LoopSelector leastConnections() {
    return (remote, open) -> {
      int best = 0;
      for (int i = 1; i < open.length; i++) if (open[i] < open[best]) best = i;
      return best;
    };
  }

  /** The same loop for the same remote IP address (the port is ignored). */
  static LoopSelector hashRemoteAddress() {
    return (remote, open) -> {
      int h = remote == null || remote.getAddress() == null ? 0 : remote.getAddress().hashCode();
      return Math.floorMod(h ^ (h >>> 16), open.length);
    };
  }
}

package io.pulse.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulse.Callback;
import io.pulse.PulseServer;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PulseMetricsTest {

  @Test
  void publishesTheServersCounters() throws Exception {
    try (PulseServer s = PulseServer.builder().loops(1).callback(Callback.of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new PulseMetrics(s, List.of()).bindTo(registry);
      try (Socket c = new Socket("127.0.0.1", s.port())) {
        c.setSoTimeout(10_000);
        c.getOutputStream().write(new byte[10]);
        assertEquals(10, c.getInputStream().readNBytes(10).length);
        assertEquals(1.0, registry.get("pulse.connections.open").gauge().value());
        awaitCount(registry, "pulse.connections.accepted", 1.0);
        // Loop counters are plain fields summed on read: another thread sees them soon, not at once.
        awaitCount(registry, "pulse.bytes.in", 10.0);
        awaitCount(registry, "pulse.bytes.out", 10.0);
      }
    }
  }

  private static void awaitCount(SimpleMeterRegistry registry, String name, double want) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    double got;
    while ((got = registry.get(name).functionCounter().count()) != want && System.nanoTime() < deadline) {
      Thread.sleep(5); // polling a counter against a deadline
    }
    assertEquals(want, got, name);
  }
}

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
        assertEquals(1.0, registry.get("pulse.connections.accepted").functionCounter().count());
        assertEquals(10.0, registry.get("pulse.bytes.in").functionCounter().count());
        assertEquals(10.0, registry.get("pulse.bytes.out").functionCounter().count());
      }
    }
  }
}

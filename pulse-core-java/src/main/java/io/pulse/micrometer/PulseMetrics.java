package io.pulse.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pulse.PulseServer;
import io.pulse.Stats;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a server's {@link PulseServer#stats()} to Micrometer as {@code pulse.*} counters and gauges, read when
 * the registry polls. Micrometer is an optional dependency of Pulse: add micrometer-core to use this class.
 */
public final class PulseMetrics implements MeterBinder {
  private final PulseServer server;
  private final List<Tag> tags;

  /** Binds {@code server}'s counters with the given extra tags (e.g. {@code Tag.of("server", "chat")}). */
  public PulseMetrics(PulseServer server, Iterable<Tag> tags) {
    this.server = server;
    this.tags = new java.util.ArrayList<>();
    tags.forEach(this.tags::add);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "pulse.connections.accepted", "connections accepted", Stats::accepted);
    counter(registry, "pulse.connections.closed", "connections closed", Stats::closed);
    counter(registry, "pulse.connections.rejected", "connections refused by maxConnections", Stats::rejected);
    counter(registry, "pulse.bytes.in", "bytes read", Stats::bytesIn);
    counter(registry, "pulse.bytes.out", "bytes written", Stats::bytesOut);
    counter(registry, "pulse.messages.in", "reads that delivered data", Stats::messagesIn);
    counter(registry, "pulse.messages.out", "write calls", Stats::messagesOut);
    gauge(registry, "pulse.connections.open", "open connections", Stats::open);
    gauge(registry, "pulse.pending.write.bytes", "bytes queued for peers", Stats::pendingWriteBytes);
    gauge(registry, "pulse.timers", "pending loop timers", Stats::timers);
  }

  private void counter(MeterRegistry r, String name, String doc, ToDoubleFunction<Stats> f) {
    FunctionCounter.builder(name, server, s -> f.applyAsDouble(s.stats())).description(doc).tags(tags).register(r);
  }

  private void gauge(MeterRegistry r, String name, String doc, ToDoubleFunction<Stats> f) {
    Gauge.builder(name, server, s -> f.applyAsDouble(s.stats())).description(doc).tags(tags).register(r);
  }
}

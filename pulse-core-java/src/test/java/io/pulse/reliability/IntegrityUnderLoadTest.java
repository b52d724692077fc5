package io.pulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.testing.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 100 connections echo a seeded random stream each, all at once, through every transport, trigger and task mode:
 * every byte must come back in order (checked by position and by SHA-256), and the server must count exactly the
 * bytes it was sent. CI: 1 MiB a connection (about 1 s a combination); full mode: 16 MiB a connection (13-34 s a
 * combination on a shared 2-core machine).
 */
@Tag("reliability")
class IntegrityUnderLoadTest {
  private static final Logger log = LoggerFactory.getLogger(IntegrityUnderLoadTest.class);
  static final int CONNECTIONS = 100;
  static final long BYTES_PER_CONN = Scale.pick(1L << 20, 16L << 20);

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#all")
  @Timeout(value = 660, unit = TimeUnit.SECONDS) // a backstop: the driver's own deadline fails first, with progress
  void hundredConnectionsEchoRandomStreamsWithoutLossOrReordering(Setup setup) throws Exception {
    setup.assumeAvailable();
    try (PulseServer server = setup.server().callback(Callback.of((c, msg) -> c.write(msg))).bind("127.0.0.1", 0)) {
      StreamEchoDriver.Result r = StreamEchoDriver.run(server.port(), CONNECTIONS, BYTES_PER_CONN, 7,
          Duration.ofSeconds(Scale.pick(60, 600)));
      log.info("{}: {} connections x {} bytes echoed in {} ms ({} MiB/s)", setup, CONNECTIONS, BYTES_PER_CONN,
          r.millis(), String.format("%.0f", r.mibPerSecond()));
      assertTrue(r.failures().isEmpty(), r.failures().size() + " connection(s) failed, e.g. "
          + r.failures().subList(0, Math.min(5, r.failures().size())));
      long total = CONNECTIONS * BYTES_PER_CONN;
      assertEquals(total, r.bytesEchoed(), "bytes echoed");
      assertEquals(total, server.stats().bytesIn(), "bytes the server read");
      Await.until(() -> server.stats().bytesOut() == total && server.connectionCount() == 0, Duration.ofSeconds(10),
          () -> "server after the run: " + server.stats());
    }
  }

  /**
   * The same with everything tight: 512-byte reads, one read per wake-up, and water marks of 64/16 KiB, so reading
   * pauses and resumes all the time (edge-triggered re-reads included). CI: 256 KiB a connection; full: 4 MiB.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#all")
  @Timeout(value = 660, unit = TimeUnit.SECONDS)
  void echoStaysIntactWithTinyBuffersAndConstantBackpressure(Setup setup) throws Exception {
    setup.assumeAvailable();
    long perConn = Scale.pick(256L << 10, 4L << 20);
    try (PulseServer server = setup.server().readBufferSize(512).maxReadsPerWakeup(1).highWaterMark(64 << 10)
        .lowWaterMark(16 << 10).callback(Callback.of((c, msg) -> c.write(msg))).bind("127.0.0.1", 0)) {
      StreamEchoDriver.Result r = StreamEchoDriver.run(server.port(), CONNECTIONS, perConn, 13,
          Duration.ofSeconds(Scale.pick(60, 600)));
      log.info("{} (tight): {} connections x {} bytes echoed in {} ms", setup, CONNECTIONS, perConn, r.millis());
      assertTrue(r.failures().isEmpty(), r.failures().size() + " connection(s) failed, e.g. "
          + r.failures().subList(0, Math.min(5, r.failures().size())));
      assertEquals(CONNECTIONS * perConn, r.bytesEchoed(), "bytes echoed");
    }
  }
}

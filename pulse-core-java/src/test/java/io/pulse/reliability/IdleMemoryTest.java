package io.pulse.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.testing.Await;
import io.pulse.testing.Requires;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 10,000 idle connections to a server in a child JVM (its fd limit raised with {@code ulimit -n}; the clients are
 * held by a second child): the server's heap after GC, direct memory and RSS per connection. The target is at most
 * 1 KiB of JVM memory per idle connection (the kernel's socket buffers are not counted: they are not in RSS). The
 * server runs with the serial collector so RSS reflects Pulse rather than a collector's bookkeeping.
 */
@Tag("reliability")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleMemoryTest {
  private static final Logger log = LoggerFactory.getLogger(IdleMemoryTest.class);
  private static final Pattern MEM = Pattern.compile("open=(\\d+) heap=(\\d+) direct=(\\d+) rssKib=(\\d+)");
  static final int CONNECTIONS = 10_000;
  static final long HEAP_BYTES_PER_CONN_LIMIT = 1024;
  static final long RSS_BYTES_PER_CONN_LIMIT = 3 * 1024;

  /** EPOLL in every task mode (the worker modes add a per-connection serial executor), NIO and IO_URING. */
  static java.util.stream.Stream<Setup> setups() {
    return java.util.stream.Stream.of(TaskType.EVENT_LOOP, TaskType.WORKER_POOL, TaskType.PER_CONNECTION)
        .map(m -> new Setup(Transport.EPOLL, TriggerType.LEVEL, m))
        .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
          l.add(new Setup(Transport.NIO, TriggerType.LEVEL, TaskType.EVENT_LOOP));
          l.add(new Setup(Transport.IO_URING, TriggerType.LEVEL, TaskType.EVENT_LOOP));
          return l.stream();
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void tenThousandIdleConnectionsCostAtMostOneKibOfHeapEach(Setup setup) throws Exception {
    setup.assumeAvailable();
    int limit = ChildJvm.fdLimitFor(3 * CONNECTIONS);
    Requires.that(limit >= CONNECTIONS + 1_000, "cannot raise the fd limit past " + limit + " (needs root or a hard "
        + "limit above " + (CONNECTIONS + 1_000) + ")");
    List<String> args = new ArrayList<>(setup.childArgs());
    args.add("loops=2");
    try (ChildJvm server = ChildJvm.start(ChildServer.class, 3 * CONNECTIONS, List.of("-Xmx256m",
        "-XX:+UseSerialGC"), args)) {
      int port = server.awaitPort(Duration.ofSeconds(20));
      for (int i = 0; i < 100; i++) Probe.echoMillis(port); // classes, JIT, pools
      long[] before = mem(server);
      ClassHistogram histBefore = ClassHistogram.of(server.pid());
      try (ChildJvm holder = ChildJvm.start(ConnectionHolder.class, 3 * CONNECTIONS, List.of("-Xmx128m"),
          List.of(Integer.toString(port), Integer.toString(CONNECTIONS), "0"))) {
        holder.awaitLine(0, l -> l.startsWith("holding"), Duration.ofSeconds(60));
        Await.until(() -> open(server) == CONNECTIONS, Duration.ofSeconds(30),
            () -> "the server holds " + open(server) + " of " + CONNECTIONS);
        long[] after = mem(server);
        ClassHistogram histAfter = ClassHistogram.of(server.pid());
        double heapPer = (after[1] - before[1]) / (double) CONNECTIONS;
        double directPer = (after[2] - before[2]) / (double) CONNECTIONS;
        double rssPer = (after[3] - before[3]) * 1024.0 / CONNECTIONS;
        log.info("{}: {} idle connections: heap after GC {} B/conn, direct {} B/conn, RSS {} B/conn (heap {} -> {} "
            + "KiB, RSS {} -> {} KiB)\nlargest growth by class:\n{}", setup, CONNECTIONS, Math.round(heapPer),
            Math.round(directPer), Math.round(rssPer), before[1] / 1024, after[1] / 1024, before[3], after[3],
            histBefore == null || histAfter == null ? "(jcmd unavailable)"
                : histAfter.growthSince(histBefore, 15, CONNECTIONS));
        assertTrue(heapPer + directPer <= HEAP_BYTES_PER_CONN_LIMIT,
            "heap " + heapPer + " + direct " + directPer + " bytes per idle connection");
        // RSS also counts heap pages the accept burst touched and the JDK's own NIO tables: a looser bound, which
        // still catches a buffer held per idle connection (a 4 KiB read buffer each would be far above it).
        assertTrue(rssPer <= RSS_BYTES_PER_CONN_LIMIT, "RSS " + rssPer + " bytes per idle connection");
      }
    }
  }

  private static int open(ChildJvm server) {
    try {
      return (int) mem(server)[0];
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** open, heap after GC, direct bytes, RSS KiB. */
  private static long[] mem(ChildJvm server) throws Exception {
    Matcher m = MEM.matcher(server.ask("mem", "mem", Duration.ofSeconds(30)));
    assertTrue(m.find());
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4))};
  }
}

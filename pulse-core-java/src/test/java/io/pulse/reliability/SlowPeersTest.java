package io.pulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.ConnTimeoutException;
import io.pulse.PulseServer;
import io.pulse.codec.LineCodec;
import io.pulse.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slow peers: a thousand slowloris connections (one byte a second, never a whole line) are closed by the request
 * deadline, and silent ones by the read deadline, while a normal client's echo latency stays near its baseline; a client that sends 256 MiB and never
 * reads is closed by maxPendingWriteBytes while the server's memory stays bounded and others are served.
 *
 * <p>Note: {@code Conn.readDeadline} is met by any data, so a trickler that sends a byte before each deadline
 * defeats it (and {@code idleTimeout}); a whole-request deadline is a timer the application arms in onOpen.
 */
@Tag("reliability")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowPeersTest {
  private static final Logger log = LoggerFactory.getLogger(SlowPeersTest.class);
  static final Duration REQUEST_DEADLINE = Duration.ofSeconds(3);
  static final Duration READ_DEADLINE = Duration.ofSeconds(2);
  static final int SILENT = 200;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#transports")
  void thousandSlowlorisConnectionsAreClosedInTimeWhileANormalClientKeepsItsLatency(Setup setup) throws Exception {
    setup.assumeAvailable();
    int tricklers = 1_000;
    AtomicInteger deadlineCloses = new AtomicInteger();
    AtomicLong lastDeadlineClose = new AtomicLong();
    AtomicInteger readDeadlineCloses = new AtomicInteger();
    Callback<String> cb = new Callback<>() {
      @Override public void onOpen(Conn c) {
        c.readDeadline(READ_DEADLINE); // a peer that sends nothing at all (any byte meets it)
        c.runAfter(REQUEST_DEADLINE, () -> { // a peer that sends, but never a whole line
          if (c.session() == null && c.isOpen()) {
            deadlineCloses.incrementAndGet();
            lastDeadlineClose.set(System.nanoTime());
            c.close();
          }
        });
      }

      @Override public void onData(Conn c, String line) {
        c.session(Boolean.TRUE);
        c.writeMessage(line);
      }

      @Override public void onClose(Conn c, Throwable err) {
        if (err instanceof ConnTimeoutException && ((ConnTimeoutException) err).kind() == ConnTimeoutException.Kind.READ) {
          readDeadlineCloses.incrementAndGet();
        }
      }
    };
    try (PulseServer server = PulseServer.builder(new LineCodec(1024)).transport(setup.transport())
        .triggerType(setup.trigger()).taskType(setup.mode()).loops(2).idleTimeout(Duration.ofSeconds(10))
        .callback(cb).bind("127.0.0.1", 0);
        Socket normal = new Socket("127.0.0.1", server.port())) {
      normal.setSoTimeout(10_000);
      normal.setTcpNoDelay(true);
      BufferedReader in = new BufferedReader(new InputStreamReader(normal.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = normal.getOutputStream();
      medianMicros(out, in, 3000); // warm-up (JIT), so the baseline is not inflated
      long baseline = medianMicros(out, in, 1000);

      long start = System.nanoTime();
      long during;
      java.util.List<java.nio.channels.SocketChannel> silent = new java.util.ArrayList<>();
      try (Trickler slow = new Trickler(server.port(), tricklers)) {
        for (int i = 0; i < SILENT; i++) {
          silent.add(java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", server.port())));
        }
        Await.until(() -> server.connectionCount() == tricklers + SILENT + 1, Duration.ofSeconds(10),
            () -> server.connectionCount() + " connected");
        // Round trips all the while they trickle, until the deadline has closed them.
        during = medianMicrosWhile(out, in, () -> server.connectionCount() > 1, Duration.ofSeconds(15));
        Await.until(() -> server.connectionCount() == 1 && slow.open() == 0, Duration.ofSeconds(20),
            () -> server.connectionCount() + " still open on the server, " + slow.open() + " on the client");
        long closedAfterMillis = (lastDeadlineClose.get() - start) / 1_000_000;
        log.info("{}: {} slowloris connections closed by the {} request deadline, the last {} ms after they "
            + "started; {} silent ones closed by the {} read deadline; normal client's echo median {} us before, {} us "
            + "during", setup, tricklers, REQUEST_DEADLINE, closedAfterMillis, readDeadlineCloses, READ_DEADLINE,
            baseline, during);
        assertEquals(tricklers, deadlineCloses.get(), "closed by the request deadline");
        assertEquals(SILENT, readDeadlineCloses.get(), "silent connections closed by the read deadline");
        assertTrue(closedAfterMillis < REQUEST_DEADLINE.toMillis() + 5_000, "closed only after " + closedAfterMillis);
      } finally {
        for (java.nio.channels.SocketChannel ch : silent) ch.close();
      }
      // The baseline again once the slow peers are gone, so a machine that got busier meanwhile (other builds on
      // a shared 2-core box) does not pass for slowloris damage. Starvation would cost seconds, not milliseconds:
      // the bound is three times the baseline with at least 5 ms of slack.
      long after = medianMicros(out, in, 1000);
      long reference = Math.max(baseline, after);
      assertTrue(during <= Math.max(3 * reference, reference + 5_000),
          "echo median " + during + " us with slowloris peers against " + baseline + " us before and " + after
              + " us after");
    }
  }

  /** The median round trip of line echoes made while {@code busy} holds (at most {@code limit}), in microseconds. */
  private static long medianMicrosWhile(OutputStream out, BufferedReader in, java.util.function.BooleanSupplier busy,
      Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    long[] micros = new long[1 << 20];
    int n = 0;
    byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
    while (busy.getAsBoolean() && System.nanoTime() < end && n < micros.length) {
      long t = System.nanoTime();
      out.write(ping);
      assertEquals("ping", in.readLine());
      micros[n++] = (System.nanoTime() - t) / 1000;
    }
    assertTrue(n > 100, "only " + n + " round trips while the slow peers were connected");
    Arrays.sort(micros, 0, n);
    return micros[n / 2];
  }

  /** The median round trip of {@code n} line echoes, in microseconds. */
  private static long medianMicros(OutputStream out, BufferedReader in, int n) throws Exception {
    long[] micros = new long[n];
    byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      out.write(ping);
      assertEquals("ping", in.readLine());
      micros[i] = (System.nanoTime() - t) / 1000;
    }
    Arrays.sort(micros);
    return micros[n / 2];
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#transports")
  void clientThatSendsAndNeverReadsIsClosedByMaxPendingWriteBytesWithBoundedMemory(Setup setup) throws Exception {
    setup.assumeAvailable();
    long maxPending = 16L << 20;
    long toSend = 256L << 20;
    // Water marks above the cap, so only maxPendingWriteBytes stands between the peer and the server's memory.
    List<String> args = new java.util.ArrayList<>(setup.childArgs());
    args.addAll(List.of("maxPending=" + maxPending, "highWater=" + (64 << 20), "lowWater=" + (32 << 20)));
    try (ChildJvm server = ChildJvm.start(ChildServer.class, 0, List.of("-Xmx64m", "-XX:+UseSerialGC"), args)) {
      int port = server.awaitPort(Duration.ofSeconds(20));
      for (int i = 0; i < 200; i++) Probe.echoMillis(port); // warm up, then take the baseline
      long rssBefore = server.rssKib();
      AtomicLong sent = new AtomicLong();
      long maxRss = rssBefore;
      try (Socket hog = new Socket("127.0.0.1", port)) {
        CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
          byte[] chunk = new byte[64 * 1024];
          try {
            OutputStream o = hog.getOutputStream();
            while (sent.get() < toSend) {
              o.write(chunk);
              sent.addAndGet(chunk.length);
            }
            return null;
          } catch (Exception e) {
            return e; // the server closed it
          }
        });
        while (!writer.isDone()) {
          maxRss = Math.max(maxRss, server.rssKib());
          assertTrue(Probe.echoMillis(port) < 2_000, "another client waited too long"); // others unaffected
          try {
            writer.get(20, TimeUnit.MILLISECONDS);
          } catch (java.util.concurrent.TimeoutException stillWriting) {
            // sample again
          }
        }
        maxRss = Math.max(maxRss, server.rssKib());
      }
      String closed = server.awaitLine(0, l -> l.contains("maxPendingWriteBytes"), Duration.ofSeconds(20));
      long growthMib = (maxRss - rssBefore) / 1024;
      log.info("{}: a client sent {} MiB without reading; closed: '{}'; server RSS {} MiB before, peak growth {} MiB",
          setup, sent.get() >> 20, closed, rssBefore / 1024, growthMib);
      assertTrue(sent.get() < toSend, "the server took all " + toSend + " bytes without closing the hog");
      assertTrue(growthMib < 64, "server RSS grew by " + growthMib + " MiB");
      Probe.echoMillis(port);
    }
  }
}

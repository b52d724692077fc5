package io.pulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
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
 * A server in a child JVM limited to 256 fds gets more connections than it can hold: accept errors are logged at
 * most about once a second, the loop does not spin (the child's CPU time over a window stays low), and once
 * connections close the waiting ones are accepted and served.
 */
@Tag("reliability")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FdExhaustionTest {
  private static final Logger log = LoggerFactory.getLogger(FdExhaustionTest.class);
  private static final Pattern OPEN = Pattern.compile("open=(\\d+)");
  static final int FD_LIMIT = 256;
  static final int CLIENTS = 360;
  static final int WINDOW_SECONDS = 3;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.pulse.reliability.Setup#transports")
  void acceptBeyondTheFdLimitLogsRarelyDoesNotSpinAndRecovers(Setup setup) throws Exception {
    setup.assumeAvailable();
    List<Socket> clients = new ArrayList<>();
    try (ChildJvm server = ChildJvm.start(ChildServer.class, FD_LIMIT, List.of("-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1"), setup.childArgs())) {
      int port = server.awaitPort(Duration.ofSeconds(20));
      for (int i = 0; i < CLIENTS; i++) { // the kernel completes each handshake into the backlog
        Socket s = new Socket();
        clients.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(15_000);
        s.getOutputStream().write(i & 0x7f);
      }
      server.awaitLine(0, l -> l.contains("accept failed"), Duration.ofSeconds(10));
      int accepted = open(server);
      assertTrue(accepted < CLIENTS, "the server accepted all " + CLIENTS + " under a limit of " + FD_LIMIT);
      assertTrue(CLIENTS - accepted <= accepted, "too few accepted (" + accepted + ") for the rest to fit later");

      int logBefore = countAcceptErrors(server);
      long cpuBefore = server.cpuTicks();
      long start = System.nanoTime();
      Thread.sleep(WINDOW_SECONDS * 1000L); // the window being measured: the server is left alone, exhausted
      long cpu = server.cpuTicks() - cpuBefore;
      double seconds = (System.nanoTime() - start) / 1e9;
      int logged = countAcceptErrors(server) - logBefore;
      double cpuShare = cpu / 100.0 / seconds;
      log.info("{}: {} of {} accepted under ulimit -n {}; over {} s exhausted: {} accept-error lines logged, CPU "
          + "{}% of a core", setup, accepted, CLIENTS, FD_LIMIT, String.format("%.1f", seconds), logged,
          Math.round(cpuShare * 100));
      assertTrue(logged <= seconds + 2, logged + " accept-error lines in " + seconds + " s: not rate-limited");
      assertTrue(cpuShare < 0.25, "the exhausted server used " + Math.round(cpuShare * 100) + "% of a core");
      assertEquals(accepted, open(server), "accepted more while still exhausted");

      for (int i = 0; i < accepted; i++) { // the first ones accepted: each got its echo; now they leave
        assertEquals(i & 0x7f, clients.get(i).getInputStream().read(), "echo of client " + i);
        clients.get(i).close();
      }
      for (int i = accepted; i < CLIENTS; i++) { // waited in the backlog; served once fds came back
        assertEquals(i & 0x7f, clients.get(i).getInputStream().read(), "echo of waiting client " + i);
      }
      assertTrue(Probe.echoMillis(port) < 2_000, "a new client was slow after recovery");
      log.info("{}: after {} clients left, the {} waiting ones were served", setup, accepted, CLIENTS - accepted);
    } finally {
      for (Socket s : clients) s.close();
    }
  }

  private static int open(ChildJvm server) throws Exception {
    Matcher m = OPEN.matcher(server.ask("stats", "stats", Duration.ofSeconds(10)));
    assertTrue(m.find());
    return Integer.parseInt(m.group(1));
  }

  private static int countAcceptErrors(ChildJvm server) {
    return (int) server.lines().stream().filter(l -> l.contains("accept failed")).count();
  }
}

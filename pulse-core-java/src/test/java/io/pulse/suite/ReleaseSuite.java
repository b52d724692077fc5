package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.testing.Fds;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stopping a server with connections open leaves nothing behind: every fd it opened is closed, no pulse- thread
 * it started is alive, and every connection got exactly one onClose, before {@code close()} returns.
 */
abstract class ReleaseSuite extends PulseSuite {
  static final int CLIENTS = 10;

  interface Stop {
    void stop(PulseServer s) throws Exception;
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void closeReleasesEveryFdThreadAndConnection(TaskType mode) throws Exception {
    assertReleasesEverything(mode, PulseServer::close);
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void shutdownGracefullyReleasesEveryFdThreadAndConnection(TaskType mode) throws Exception {
    assertReleasesEverything(mode, s -> assertTrue(s.shutdownGracefully(Duration.ofSeconds(5)), "graceful in time"));
  }

  private static Set<Thread> pulseThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("pulse-")).collect(Collectors.toSet());
  }

  private void assertReleasesEverything(TaskType mode, Stop stop) throws Exception {
    assumeTrue(Fds.count() >= 0, "needs /proc/self/fd");
    // Warm up first: class loading, JNA, and the process-wide fds a first kqueue leaves open.
    server().taskType(mode).callback(RecordingCallback.echo()).bind("127.0.0.1", 0).close();
    Set<Thread> threadsBefore = pulseThreads();
    long fdsBefore = Fds.count();

    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().taskType(mode).callback(cb));
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Socket c = connect(s);
      c.getOutputStream().write(i);
      assertEquals(i, c.getInputStream().read());
      clients.add(c);
    }
    stop.stop(s);

    assertEquals(0, s.connectionCount());
    assertEquals(CLIENTS, cb.records.size(), "connections opened");
    cb.assertEachOpenedAndClosedOnce();
    cb.records.values().forEach(r -> assertNull(r.error, r.conn + ": nothing was queued, yet " + r.error));
    Set<Thread> left = pulseThreads();
    left.removeAll(threadsBefore);
    assertTrue(left.isEmpty(), "threads still alive: " + left);
    for (Socket c : clients) {
      assertEquals(-1, c.getInputStream().read(), "the server closed the connection");
      c.close();
    }
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(5));
  }
}

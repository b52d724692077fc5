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

  @ParameterizedTest
  @EnumSource(value = TaskType.class, names = {"WORKER_POOL", "PER_CONNECTION"})
  void closeDoesNotWaitForAnotherServersCallbackThreads(TaskType mode) throws Exception {
    PulseServer other = start(server().taskType(mode).callback(RecordingCallback.echo()));
    Socket busy = connect(other); // gives the other server a live callback thread
    busy.getOutputStream().write(1);
    assertEquals(1, busy.getInputStream().read());
    PulseServer s = start(server().taskType(mode).callback(RecordingCallback.echo()));
    Socket c = connect(s);
    c.getOutputStream().write(2);
    assertEquals(2, c.getInputStream().read());
    long start = System.nanoTime();
    s.close();
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMillis < 500, "close() took " + tookMillis + " ms while another server was running");
  }

  private static Set<Thread> pulseThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("pulse-")).collect(Collectors.toSet());
  }

  private void assertReleasesEverything(TaskType mode, Stop stop) throws Exception {
    assumeTrue(Fds.count() >= 0, "needs /proc/self/fd");
    // Warm up with one connection first: class loading, JNA, the process-wide fds a first kqueue leaves open,
    // and libc's on first connect (a unix socket that stays open).
    try (PulseServer warm = server().taskType(mode).callback(RecordingCallback.echo()).bind("127.0.0.1", 0);
        Socket c = new Socket("127.0.0.1", warm.port())) {
      c.getOutputStream().write(0);
      assertEquals(0, c.getInputStream().read());
    }
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

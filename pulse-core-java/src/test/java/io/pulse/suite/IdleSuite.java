package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A loop with nothing to do sleeps: an idle connection (readable or writable, nothing to send) costs no CPU. */
abstract class IdleSuite extends PulseSuite {
  static final long WINDOW_MILLIS = 500;

  @Test
  void idleConnectionLeavesTheLoopAsleep() throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isCurrentThreadCpuTimeSupported(), "no thread CPU time here");
    CompletableFuture<Thread> loopThread = new CompletableFuture<>();
    RecordingCallback cb = new RecordingCallback((c, msg) -> {
      loopThread.complete(Thread.currentThread());
      c.write(msg);
    });
    PulseServer s = start(server().loops(1).taskType(TaskType.EVENT_LOOP).callback(cb));
    Socket socket = connect(s);
    socket.getOutputStream().write(1);
    assertEquals(1, socket.getInputStream().read());
    long loopId = loopThread.get(10, TimeUnit.SECONDS).getId();
    long before = mx.getThreadCpuTime(loopId);
    Thread.sleep(WINDOW_MILLIS); // measuring an interval, not waiting for an event
    long usedMillis = TimeUnit.NANOSECONDS.toMillis(mx.getThreadCpuTime(loopId) - before);
    assertTrue(usedMillis < WINDOW_MILLIS / 5,
        "the loop used " + usedMillis + " ms of CPU in " + WINDOW_MILLIS + " ms with one idle connection");
  }
}

package io.pulse.reliability;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.Stats;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.TriggerType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Pulse echo server in its own JVM, for tests that need a separate process (an fd limit, a clean RSS). Arguments
 * are {@code key=value}: transport, trigger, mode, loops, highWater, lowWater, maxPending, idleMs, maxConns. Prints
 * {@code listening on PORT}, then answers commands on stdin: {@code stats}, {@code mem} (after a full GC); exits when
 * stdin closes, so it never outlives the test that started it. Closes with an error are printed as {@code closed}.
 */
public final class ChildServer {
  private ChildServer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    PulseServer.Builder<ByteBuffer> b = PulseServer.builder()
        .transport(Transport.valueOf(a.getOrDefault("transport", "EPOLL")))
        .triggerType(TriggerType.valueOf(a.getOrDefault("trigger", "LEVEL")))
        .taskType(TaskType.valueOf(a.getOrDefault("mode", "EVENT_LOOP")))
        .loops(Integer.parseInt(a.getOrDefault("loops", "1")))
        .callback(new Callback<>() {
          @Override public void onData(Conn c, ByteBuffer msg) {
            c.write(msg);
          }

          @Override public void onClose(Conn c, Throwable err) {
            if (err != null) System.out.println("closed " + c.id() + ": " + err);
          }
        });
    if (a.containsKey("highWater")) b.highWaterMark(Integer.parseInt(a.get("highWater")));
    if (a.containsKey("lowWater")) b.lowWaterMark(Integer.parseInt(a.get("lowWater")));
    if (a.containsKey("maxPending")) b.maxPendingWriteBytes(Long.parseLong(a.get("maxPending")));
    if (a.containsKey("idleMs")) b.idleTimeout(Duration.ofMillis(Long.parseLong(a.get("idleMs"))));
    if (a.containsKey("maxConns")) b.maxConnections(Integer.parseInt(a.get("maxConns")));
    try (PulseServer server = b.bind("127.0.0.1", 0)) {
      // Load the classes the commands use now: once out of fds, a class cannot be loaded from a directory.
      server.stats().toString();
      memory(server);
      System.out.println("listening on " + server.port());
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
      for (String cmd; (cmd = in.readLine()) != null; ) {
        if (cmd.equals("stats")) {
          Stats s = server.stats();
          System.out.println("stats open=" + s.open() + " accepted=" + s.accepted() + " closed=" + s.closed()
              + " rejected=" + s.rejected() + " pending=" + s.pendingWriteBytes());
        } else if (cmd.equals("mem")) {
          System.out.println("mem " + memory(server));
        }
      }
    }
  }

  /** Heap used after a full GC, direct buffer bytes and RSS, as {@code key=value} pairs. */
  static String memory(PulseServer server) throws Exception {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    Runtime rt = Runtime.getRuntime();
    long direct = 0;
    for (BufferPoolMXBean p : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (p.getName().equals("direct")) direct = p.getMemoryUsed();
    }
    long rssKib = 0;
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) rssKib = Long.parseLong(l.replaceAll("[^0-9]", ""));
    }
    return "open=" + server.connectionCount() + " heap=" + (rt.totalMemory() - rt.freeMemory()) + " direct=" + direct
        + " rssKib=" + rssKib;
  }
}

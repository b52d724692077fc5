package io.pulse.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.testing.Await;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A bridge asks a connection, not a thread's name, whether it runs on that connection's loop. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BridgeSlotTest {

  /** What one onOpen saw: its connection, its thread, and whether each connection opened so far is on this loop. */
  private static final class Opened {
    final Conn conn;
    final Thread thread;
    final List<Boolean> onLoopOfEarlier;

    Opened(Conn conn, Thread thread, List<Boolean> onLoopOfEarlier) {
      this.conn = conn;
      this.thread = thread;
      this.onLoopOfEarlier = onLoopOfEarlier;
    }
  }

  @Test
  void trueOnlyOnTheConnectionsOwnLoop() throws Exception {
    List<Opened> opened = new CopyOnWriteArrayList<>();
    List<Boolean> ownLoop = new CopyOnWriteArrayList<>();
    CountDownLatch bothOpen = new CountDownLatch(2);
    Callback<ByteBuffer> cb = new Callback<>() {
      @Override public void onOpen(Conn c) {
        ownLoop.add(BridgeSlot.onLoopOf(c));
        List<Boolean> earlier = new CopyOnWriteArrayList<>();
        for (Opened o : opened) earlier.add(BridgeSlot.onLoopOf(o.conn));
        opened.add(new Opened(c, Thread.currentThread(), earlier));
        bothOpen.countDown();
      }

      @Override public void onData(Conn c, ByteBuffer msg) {}
    };
    try (PulseServer server = PulseServer.builder().transport(Transport.NIO).loops(2).callback(cb)
        .bind("127.0.0.1", 0);
         Socket a = new Socket("127.0.0.1", server.port())) {
      Await.until(() -> opened.size() == 1, Duration.ofSeconds(10), () -> "first connection opened");
      try (Socket b = new Socket("127.0.0.1", server.port())) {
        assertTrue(bothOpen.await(10, TimeUnit.SECONDS), "both connections opened");
        assertEquals(List.of(true, true), ownLoop, "each onOpen runs on its connection's loop");
        Opened first = opened.get(0);
        Opened second = opened.get(1);
        // Two loops, round robin: the second connection is on the other loop, whose thread is not the first's.
        assertFalse(first.thread == second.thread, "two connections, two loops");
        assertEquals(List.of(false), second.onLoopOfEarlier, "another connection's loop is not this one");
        assertFalse(BridgeSlot.onLoopOf(first.conn), "the test thread is no loop");
      }
    }
  }
}

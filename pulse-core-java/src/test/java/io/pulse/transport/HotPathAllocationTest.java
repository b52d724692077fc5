package io.pulse.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.testing.Closer;
import io.pulse.testing.Requires;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Once warm, echoing on the loop allocates nothing per message: the loop thread's allocation counter says so. */
class HotPathAllocationTest {
  private static final int MESSAGES = 20_000;
  private final Closer closer = new Closer();

  @AfterEach
  void closeAll() throws Exception {
    closer.close();
  }

  @ParameterizedTest
  @CsvSource({"EPOLL, LEVEL", "EPOLL, EDGE", "NIO, LEVEL"})
  void echoingOnTheLoopAllocatesNothingPerMessage(Transport t, TriggerType trigger) throws Exception {
    Requires.transport(t);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported());
    CompletableFuture<Long> loopThread = new CompletableFuture<>();
    PulseServer s = closer.add(PulseServer.builder().transport(t).triggerType(trigger).loops(1)
        .callback(Callback.<ByteBuffer>of(c -> loopThread.complete(Thread.currentThread().getId()),
            (c, d) -> c.write(d), null))
        .bind("127.0.0.1", 0));
    Socket socket = closer.add(new Socket("127.0.0.1", s.port()));
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    long tid = loopThread.get(10, TimeUnit.SECONDS);
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    byte[] msg = new byte[64];
    byte[] back = new byte[64];
    pingPong(out, in, msg, back, MESSAGES); // warm up: JIT, lazy structures
    long before = mx.getThreadAllocatedBytes(tid);
    pingPong(out, in, msg, back, MESSAGES);
    long perMessage = (mx.getThreadAllocatedBytes(tid) - before) / MESSAGES;
    assertTrue(perMessage < 8, "the loop allocated " + perMessage + " bytes per echoed message");
  }

  private static void pingPong(OutputStream out, InputStream in, byte[] msg, byte[] back, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      out.write(msg);
      in.readNBytes(back, 0, back.length);
    }
  }
}

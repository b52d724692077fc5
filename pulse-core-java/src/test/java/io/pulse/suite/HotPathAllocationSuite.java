package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Once warm, echoing on the loop allocates nothing per message: the loop thread's allocation counter says so. */
abstract class HotPathAllocationSuite extends PulseSuite {
  private static final int MESSAGES = 20_000;

  @Test
  void echoingOnTheLoopAllocatesNothingPerMessage() throws Exception {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported());
    CompletableFuture<Long> loopThread = new CompletableFuture<>();
    PulseServer s = start(server().loops(1)
        .callback(Callback.<ByteBuffer>of(c -> loopThread.complete(Thread.currentThread().getId()),
            (c, d) -> c.write(d), null)));
    Socket socket = connect(s);
    socket.setTcpNoDelay(true);
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

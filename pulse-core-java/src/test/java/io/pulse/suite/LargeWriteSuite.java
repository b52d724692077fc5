package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One write far larger than the kernel's socket buffers (32 MiB: thousands of outbound chunks, many writev
 * calls) drains completely, whether made on the loop or on another thread. Edge triggering must not wait for a
 * writability edge that never comes after the kernel took a whole gather.
 */
abstract class LargeWriteSuite extends PulseSuite {
  static final int SIZE = 32 << 20;

  private static CompletableFuture<String> readDigest(Socket socket) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Payloads.sha256(socket.getInputStream().readNBytes(SIZE));
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    }, task -> new Thread(task, "large-write-reader").start());
  }

  @Test
  void oneHugeWriteFromAnotherThreadDrainsCompletely() throws Exception {
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    CompletableFuture<String> received = readDigest(connect(s));
    byte[] big = Payloads.random(SIZE, 32);
    assertTrue(cb.awaitOpen().conn.write(big));
    assertEquals(Payloads.sha256(big), received.get(20, TimeUnit.SECONDS));
  }

  @Test
  void oneHugeWriteOnTheLoopDrainsCompletely() throws Exception {
    byte[] big = Payloads.random(SIZE, 33);
    PulseServer s = start(server().callback(new RecordingCallback((c, msg) -> c.write(big))));
    Socket socket = connect(s);
    CompletableFuture<String> received = readDigest(socket);
    socket.getOutputStream().write('!'); // onData answers with the whole 32 MiB in one write
    assertEquals(Payloads.sha256(big), received.get(20, TimeUnit.SECONDS));
  }
}

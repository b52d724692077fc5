package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.PulseServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Small writes on the loop while nothing is queued go straight to the socket (copied through the loop's scratch
 * space, not queued): from an array range, a heap buffer or a direct one, each from its own offset or position; and
 * what the kernel does not take of such a write is queued ahead of the writes that follow, nothing lost or reordered.
 */
abstract class WriteThroughSuite extends PulseSuite {
  /** 16 KiB writes (the scratch's size), 32 MiB in all: far more than the kernel buffers while the peer waits. */
  static final int PIECE = 16 * 1024;
  static final int PIECES = 2048;

  @Test
  void smallRepliesFromArraysAndBuffersArriveWholeAndInOrder() throws Exception {
    byte[] source = Payloads.random(1000, 41);
    PulseServer s = start(server().callback(new RecordingCallback((c, msg) -> {
      c.write(source, 10, 90); // an array range: from its offset
      ByteBuffer heap = ByteBuffer.wrap(source);
      heap.position(100).limit(300);
      c.write(heap); // a heap buffer: from its position
      ByteBuffer direct = ByteBuffer.allocateDirect(1000).put(source).position(300).limit(1000);
      c.write(direct); // a direct buffer that is not the read buffer
      if (heap.hasRemaining() || direct.hasRemaining()) c.write(new byte[] {'!'}); // a written buffer is consumed
    })));
    Socket socket = connect(s);
    socket.getOutputStream().write('?');
    byte[] got = socket.getInputStream().readNBytes(990);
    assertArrayEquals(Arrays.copyOfRange(source, 10, 1000), got);
    socket.getOutputStream().write('?'); // and again: the scratch is reused, the bytes are each write's own
    assertArrayEquals(Arrays.copyOfRange(source, 10, 1000), socket.getInputStream().readNBytes(990));
  }

  @Test
  void whatTheKernelDoesNotTakeIsSentBeforeLaterWrites() throws Exception {
    byte[] all = Payloads.random(PIECE * PIECES, 42);
    PulseServer s = start(server().callback(new RecordingCallback((c, msg) -> {
      // The peer reads nothing yet: the first writes go through whole, one in part, the rest wait in the queue.
      for (int i = 0; i < PIECES; i++) {
        if (i % 2 == 0) c.write(all, i * PIECE, PIECE);
        else c.write(ByteBuffer.wrap(all, i * PIECE, PIECE));
      }
    })));
    Socket socket = connect(s);
    socket.getOutputStream().write('!');
    CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(socket, all.length),
        task -> new Thread(task, "write-through-reader").start());
    byte[] got = received.get(20, TimeUnit.SECONDS);
    assertEquals(Payloads.sha256(all), Payloads.sha256(got));
  }

  private static byte[] readAll(Socket socket, int n) {
    try {
      return socket.getInputStream().readNBytes(n);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}

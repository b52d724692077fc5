package io.pulse.suite;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives an echo over a blocking JDK socket: the payload is written in random chunks (1 B to 64 KiB) on a writer
 * thread while the caller reads, so neither side's buffers can deadlock the exchange.
 */
final class EchoClient {
  static final int MAX_CHUNK = 64 * 1024;

  private EchoClient() {}

  /** Sends {@code payload} and returns the first {@code payload.length} bytes that come back. */
  static byte[] exchange(Socket socket, byte[] payload, Random chunks) throws Exception {
    CompletableFuture<Void> writer = writeAsync(socket, payload, chunks, false);
    byte[] got = socket.getInputStream().readNBytes(payload.length);
    writer.get(20, TimeUnit.SECONDS);
    return got;
  }

  /** Sends {@code payload}, half-closes, and returns everything received until the server's EOF. */
  static byte[] exchangeThenHalfClose(Socket socket, byte[] payload, Random chunks) throws Exception {
    CompletableFuture<Void> writer = writeAsync(socket, payload, chunks, true);
    byte[] got = socket.getInputStream().readAllBytes();
    writer.get(20, TimeUnit.SECONDS);
    return got;
  }

  static CompletableFuture<Void> writeAsync(Socket socket, byte[] payload, Random chunks, boolean halfClose) {
    return CompletableFuture.runAsync(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        for (int off = 0; off < payload.length; ) {
          int n = Math.min(payload.length - off, 1 + chunks.nextInt(MAX_CHUNK));
          out.write(payload, off, n);
          off += n;
        }
        if (halfClose) socket.shutdownOutput();
      } catch (IOException e) {
        throw new RuntimeException("client write failed", e);
      }
    }, runnable -> {
      Thread t = new Thread(runnable, "echo-client-writer");
      t.setDaemon(true);
      t.start();
    });
  }
}

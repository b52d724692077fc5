package io.pulse.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives many echo connections from one thread with a NIO Selector: each sends its own seeded pseudo-random stream
 * ({@link BytePattern}) as fast as the server takes it while reading the echo back. Every byte received is checked
 * against the byte that was sent at that position, and the SHA-256 of each direction is compared at the end.
 */
final class StreamEchoDriver {
  private static final int SEND_CHUNK = 32 * 1024;

  /** What a run did: bytes echoed, time taken, and every connection whose echo went wrong. */
  record Result(long bytesEchoed, long millis, List<String> failures) {
    double mibPerSecond() {
      return bytesEchoed / 1048576.0 / Math.max(1, millis) * 1000;
    }
  }

  private StreamEchoDriver() {}

  /** Echoes {@code bytesPerConn} over each of {@code conns} connections to 127.0.0.1:{@code port}. */
  static Result run(int port, int conns, long bytesPerConn, long seed, Duration timeout) throws IOException {
    List<Stream> streams = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    ByteBuffer readBuf = ByteBuffer.allocateDirect(64 * 1024);
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < conns; i++) {
        SocketChannel ch = SocketChannel.open();
        Stream s = new Stream(i, ch, seed * 1_000_003L + i, bytesPerConn);
        streams.add(s);
        ch.configureBlocking(false);
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        ch.register(selector, SelectionKey.OP_CONNECT, s);
      }
      int done = 0;
      while (done < conns) {
        if (System.nanoTime() - deadline > 0) {
          for (Stream s : streams) if (!s.finished) failures.add(s.progress("timed out"));
          break;
        }
        selector.select(100);
        for (SelectionKey k : selector.selectedKeys()) {
          Stream s = (Stream) k.attachment();
          try {
            if (s.step(k, readBuf)) {
              done++;
              if (s.failure != null) failures.add(s.failure);
            }
          } catch (IOException e) {
            failures.add(s.progress("I/O error " + e));
            s.finished = true;
            k.cancel();
            done++;
          }
        }
        selector.selectedKeys().clear();
      }
    } finally {
      for (Stream s : streams) s.ch.close();
    }
    long echoed = streams.stream().mapToLong(s -> s.received).sum();
    return new Result(echoed, (System.nanoTime() - start) / 1_000_000, failures);
  }

  /** One connection's two directions. */
  private static final class Stream {
    final int index;
    final SocketChannel ch;
    final long total;
    final BytePattern sendPattern;
    final BytePattern checkPattern;
    final ByteBuffer sendBuf = ByteBuffer.allocateDirect(SEND_CHUNK);
    final MessageDigest sentHash = sha256();
    final MessageDigest receivedHash = sha256();
    long sent;
    long received;
    boolean finished;
    String failure;

    Stream(int index, SocketChannel ch, long seed, long total) {
      this.index = index;
      this.ch = ch;
      this.total = total;
      this.sendPattern = new BytePattern(seed);
      this.checkPattern = new BytePattern(seed);
      sendBuf.limit(0);
    }

    /** Handles readiness; true once this connection is finished (all echoed, or failed). */
    boolean step(SelectionKey k, ByteBuffer readBuf) throws IOException {
      if (k.isConnectable()) {
        if (!ch.finishConnect()) return false;
        k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        return false;
      }
      if (k.isWritable()) write(k);
      if (k.isReadable()) return read(k, readBuf);
      return false;
    }

    private void write(SelectionKey k) throws IOException {
      while (true) {
        if (!sendBuf.hasRemaining()) {
          int n = (int) Math.min(SEND_CHUNK, total - sent);
          if (n == 0) {
            k.interestOps(SelectionKey.OP_READ);
            return;
          }
          sendBuf.clear();
          sendPattern.fill(sendBuf, sent, n);
          sendBuf.limit(n);
          sentHash.update(sendBuf.duplicate());
          sent += n;
        }
        if (ch.write(sendBuf) == 0) return;
      }
    }

    private boolean read(SelectionKey k, ByteBuffer buf) throws IOException {
      buf.clear();
      int n = ch.read(buf);
      if (n < 0) return fail(k, "server closed the connection early");
      buf.flip();
      for (int i = 0; i < n; i++) {
        byte want = checkPattern.at(received + i);
        byte got = buf.get(i);
        if (got != want) {
          return fail(k, "byte " + (received + i) + " is " + got + ", sent " + want + " (lost or reordered bytes)");
        }
      }
      receivedHash.update(buf);
      received += n;
      if (received > total) return fail(k, "more bytes came back than were sent");
      if (received < total) return false;
      if (!Arrays.equals(sentHash.digest(), receivedHash.digest())) return fail(k, "SHA-256 differs");
      finished = true;
      k.cancel();
      return true;
    }

    private boolean fail(SelectionKey k, String why) {
      failure = progress(why);
      finished = true;
      k.cancel();
      return true;
    }

    String progress(String why) {
      return "conn " + index + ": " + why + " (sent " + sent + ", received " + received + " of " + total + ")";
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

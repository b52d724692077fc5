package io.pulse.bench.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The load driver: one thread and a NIO Selector drive every connection. Each connection sends {@code depth}
 * messages of {@code size} bytes, waits for all of them to come back (checking every byte), and repeats; the
 * round trip is recorded in an HdrHistogram during the measured window only.
 */
public final class LoadDriver {

  /** What one run measured. */
  public record Result(long messages, long errors, Histogram latencyNanos, double seconds) {}

  private static final class Conn {
    final SocketChannel ch;
    final Wire wire;
    final ByteBuffer out;
    final ByteBuffer in;
    long sentAt;
    SelectionKey key;

    Conn(SocketChannel ch, Wire wire, int bytes, int seed) {
      this.ch = ch;
      this.wire = wire;
      out = ByteBuffer.allocateDirect(bytes);
      for (int i = 0; i < bytes; i++) out.put(i, (byte) (seed + i * 7));
      in = ByteBuffer.allocateDirect(bytes);
    }
  }

  private LoadDriver() {}

  /** Runs {@code warmupNanos} unmeasured, then {@code measureNanos} measured; closes every connection after. */
  public static Result run(java.net.SocketAddress server, int connections, int size, int depth, long warmupNanos,
      long measureNanos) throws IOException {
    return run(server, "TCP", null, connections, size, depth, warmupNanos, measureNanos);
  }

  /**
   * Like {@link #run(java.net.SocketAddress, int, int, int, long, long)} over {@code wire}: TCP, TLS (with {@code tls})
   * or WS (one masked binary frame per batch to path /echo, as a browser would send).
   */
  public static Result run(java.net.SocketAddress server, String wire, javax.net.ssl.SSLContext tls, int connections,
      int size, int depth, long warmupNanos, long measureNanos) throws IOException {
    int batch = size * depth;
    List<Conn> conns = new ArrayList<>();
    Histogram hist = new Histogram(3_600_000_000_000L, 3);
    long messages = 0;
    long errors = 0;
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < connections; i++) {
        SocketChannel ch = SocketChannel.open(server);
        if (server instanceof InetSocketAddress) ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Wire w;
        if (wire.equals("TLS")) {
          w = Wire.tls(ch, tls);
        } else if (wire.equals("WS")) {
          w = WsWire.connect(ch, "/echo", batch);
        } else {
          ch.configureBlocking(false);
          w = Wire.plain(ch);
        }
        Conn c = new Conn(ch, w, batch, i);
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
        conns.add(c);
      }
      long now = System.nanoTime();
      for (Conn c : conns) {
        if (!send(c, now)) c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
      long measureFrom = now + warmupNanos;
      long end = measureFrom + measureNanos;
      boolean measuring = false;
      while ((now = System.nanoTime()) < end) {
        if (!measuring && now >= measureFrom) {
          measuring = true;
          messages = 0;
          errors = 0;
        }
        selector.select(100);
        for (SelectionKey k : selector.selectedKeys()) {
          Conn c = (Conn) k.attachment();
          try {
            if (k.isWritable() && c.wire.write(c.out)) k.interestOps(SelectionKey.OP_READ);
            if (k.isReadable()) {
              while (c.in.hasRemaining()) { // a TLS wire may hold decrypted bytes the selector cannot see
                int n = c.wire.read(c.in);
                if (n < 0) throw new IOException("server closed the connection");
                if (n == 0) break;
              }
            }
          } catch (IOException e) {
            errors++;
            k.cancel();
            continue;
          }
          if (c.in.hasRemaining()) continue;
          c.in.flip();
          c.out.rewind();
          if (!c.in.equals(c.out)) errors++;
          long t = System.nanoTime();
          if (measuring) {
            hist.recordValue(Math.max(1, t - c.sentAt));
            messages += depth;
          }
          c.in.clear();
          if (!send(c, t)) k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        selector.selectedKeys().clear();
      }
      return new Result(messages, errors, hist, measureNanos / 1e9);
    } finally {
      for (Conn c : conns) c.ch.close();
    }
  }

  /** Starts a batch; false if part of it waits for the socket to be writable. */
  private static boolean send(Conn c, long now) throws IOException {
    c.out.rewind();
    c.sentAt = now;
    return c.wire.write(c.out);
  }

  /**
   * What a burst measured: for each connection, nanoseconds from the start of the burst until its first echo was
   * back and checked, sorted ({@code Long.MAX_VALUE} for one that got none before the timeout); and errors.
   */
  public record Burst(long[] firstEchoNanos, long errors) {
    /** Connections that got their echo in time. */
    public int answered() {
      int n = 0;
      for (long t : firstEchoNanos) if (t != Long.MAX_VALUE) n++;
      return n;
    }
  }

  /**
   * Opens {@code n} connections at once (non-blocking connects, all started before any is waited for); each sends
   * one message of {@code size} bytes as soon as it is connected. Times each until its echo is back; gives up on
   * the rest after {@code timeoutNanos}. Closes every connection after.
   */
  public static Burst burst(java.net.SocketAddress server, int n, int size, long timeoutNanos) throws IOException {
    List<Conn> conns = new ArrayList<>(n);
    long[] firstEcho = new long[n];
    java.util.Arrays.fill(firstEcho, Long.MAX_VALUE);
    java.util.Map<Conn, Integer> index = new java.util.IdentityHashMap<>();
    long errors = 0;
    int done = 0;
    try (Selector selector = Selector.open()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        if (server instanceof InetSocketAddress) ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Conn c = new Conn(ch, Wire.plain(ch), size, i);
        conns.add(c);
        index.put(c, i);
        c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        if (ch.connect(server)) start(c);
      }
      long end = t0 + timeoutNanos;
      while (done < n && System.nanoTime() < end) {
        selector.select(100);
        for (SelectionKey k : selector.selectedKeys()) {
          Conn c = (Conn) k.attachment();
          try {
            if (k.isConnectable() && c.ch.finishConnect()) start(c);
            if (k.isValid() && k.isWritable() && c.wire.write(c.out)) k.interestOps(SelectionKey.OP_READ);
            if (k.isValid() && k.isReadable()) {
              int r = c.wire.read(c.in);
              if (r < 0) throw new IOException("server closed the connection");
            }
          } catch (IOException e) {
            errors++;
            done++;
            k.cancel();
            continue;
          }
          if (c.in.hasRemaining()) continue;
          firstEcho[index.get(c)] = System.nanoTime() - t0;
          c.in.flip();
          c.out.rewind();
          if (!c.in.equals(c.out)) errors++;
          done++;
          k.cancel(); // measured: the connection stays open, idle, until the end of the burst
        }
        selector.selectedKeys().clear();
      }
      java.util.Arrays.sort(firstEcho);
      return new Burst(firstEcho, errors);
    } finally {
      for (Conn c : conns) c.ch.close();
    }
  }

  /**
   * Runs one untimed burst of {@code n} connections against a throwaway echo server in this JVM, so the driver's own
   * burst code is compiled before a timed burst against a server that is still cold. Throws if that burst failed.
   */
  public static void warmBurstPath(int n, int size) throws IOException {
    try (LocalEcho echo = new LocalEcho()) {
      Burst b = burst(echo.address(), n, size, java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
      if (b.answered() < n || b.errors() > 0) {
        throw new IOException("driver warm-up burst: " + b.answered() + " of " + n + " echoed, " + b.errors()
            + " errors");
      }
    }
  }

  /** A burst connection is connected: send its message, then wait for the echo (or for room to send the rest). */
  private static void start(Conn c) throws IOException {
    c.out.rewind();
    c.key.interestOps(c.wire.write(c.out) ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
  }

  /** Opens {@code n} connections and keeps them idle until {@link Idle#close()}. */
  public static Idle idle(java.net.SocketAddress server, int n) throws IOException {
    List<SocketChannel> chans = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) chans.add(SocketChannel.open(server));
    } catch (IOException e) {
      for (SocketChannel c : chans) c.close();
      throw e;
    }
    return new Idle(chans);
  }

  /** Idle connections. */
  public record Idle(List<SocketChannel> channels) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      for (SocketChannel c : channels) c.close();
    }
  }
}

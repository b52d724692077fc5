package io.pulse.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.internal.server.FramerStream;
import io.pulse.testing.TrickleCost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hostile RESP request (an array of 64,000 one-byte arguments, 448 KB: over the sample's soft limit, under its
 * hard one) costs time linear in its size however it is split: through a connection's framer, in 16-byte reads, it
 * costs at most 5x per byte what one 16 times smaller costs, refused or accepted; and the redis sample's loop spends well under a second of CPU on it
 * sent in 16-byte pieces (it spent 7.8 s when its codec re-walked the partial array on every read). When
 * {@code redis-server} is installed, the same client and pieces are timed against it in the same run, for the log.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RespTrickleCostTest {
  private static final Logger log = LoggerFactory.getLogger(RespTrickleCostTest.class);
  static final int ARGS = 64_000, PIECE = 16;

  static byte[] hostileRequest() {
    return request(ARGS);
  }

  /** An array of {@code args} one-byte arguments. */
  static byte[] request(int args) {
    StringBuilder s = new StringBuilder(args * 7 + 16).append('*').append(args).append("\r\n");
    for (int i = 0; i < args; i++) s.append("$1\r\nx\r\n");
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aRefusedSixtyFourThousandArgumentRequestInSixteenByteReadsCostsLinearlyInItsSize() throws Exception {
    // The sample's defaults but an argument limit of 1,000, so that both requests are refused (and skipped).
    linear("refused", new RespCodec(1_000, 1 << 20, 65_536, 8 << 20));
  }

  @Test
  void anAcceptedSixtyFourThousandArgumentRequestInSixteenByteReadsCostsLinearlyInItsSize() throws Exception {
    linear("accepted", new RespCodec(65_536, 8 << 20));
  }

  /**
   * The 64,000-argument request and one of 4,000, in the same 16-byte pieces: per byte, the big one costs at most 5x
   * the small one (a codec re-walking its partial array grows about 16x per byte).
   */
  private static void linear(String name, RespCodec codec) throws Exception {
    byte[] big = request(ARGS), small = request(ARGS / 16);
    // Alternately, twice each, best kept: a loaded stretch of the machine slows both sides alike.
    TrickleCost.Result[] bs = TrickleCost.alternating(() -> new FramerStream(codec.newDecoder()), big, small, 1, PIECE,
        11, 2);
    TrickleCost.Result b = bs[0], s = bs[1];
    double scale = (double) b.piecesNanos() / Math.max(1, s.piecesNanos()) / ((double) big.length / small.length);
    log.info("RESP {}: {} arguments {}; {} arguments {}; pieces cost per byte, big over small: {}", name, ARGS, b,
        ARGS / 16, s, String.format("%.2f", scale));
    assertTrue(scale <= 5, "RESP " + name + ": a 16x larger request cost " + scale + "x per byte (" + b + " vs " + s
        + ")");
  }

  @Test
  void theRedisSampleSpendsWellUnderASecondOfLoopCpuOnTheRequestInSixteenBytePieces() throws Exception {
    byte[] request = hostileRequest();
    String expected = "-ERR too many arguments: 64000 exceeds the limit of 10000\r\n";
    MiniRedis redis = new MiniRedis(10_000, 1 << 20, 65_536, 8 << 20, true);
    try (PulseServer server = PulseServer.builder(redis.codec()).callback(redis).loops(1).readBufferSize(16 * 1024)
        .bind("127.0.0.1", 0)) {
      redis.serve(server);
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long before = loopCpu(mx);
      long wall = System.nanoTime();
      assertEquals(expected, trickle(server.port(), request, expected.length()));
      wall = System.nanoTime() - wall;
      long cpu = loopCpu(mx) - before;
      log.info("redis sample: 448 KB request in {}-byte pieces: loop CPU {} ms, wall {} ms", PIECE, cpu / 1_000_000,
          wall / 1_000_000);
      assertTrue(cpu < TimeUnit.MILLISECONDS.toNanos(1000), "loop CPU " + cpu / 1_000_000 + " ms");
      compareWithRedisServer(request, cpu);
    }
  }

  /** Sends {@code request} in 16-byte writes (TCP_NODELAY) and returns the first {@code replyBytes} of the reply. */
  static String trickle(int port, byte[] request, int replyBytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      for (int off = 0; off < request.length; off += PIECE) out.write(request, off, Math.min(PIECE, request.length - off));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(replyBytes);
      return new String(reply, StandardCharsets.US_ASCII);
    }
  }

  private static long loopCpu(ThreadMXBean mx) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("pulse-loop-")) sum += mx.getThreadCpuTime(t.getId());
    }
    return sum;
  }

  /** Times redis-server (when installed) on the same request and pieces, for the log; not a pass/fail criterion. */
  private static void compareWithRedisServer(byte[] request, long oursNanos) throws Exception {
    Path bin = io.pulse.testing.Requires.onPath("redis-server");
    if (bin == null) {
      log.info("redis-server not installed: no comparison");
      return;
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process p = new ProcessBuilder(bin.toString(), "--port", String.valueOf(port), "--save", "", "--appendonly", "no",
        "--bind", "127.0.0.1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      for (int i = 0; i < 100; i++) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          break;
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      // Redis runs the array as a command: "ERR unknown command 'x'..." is its reply
      long before = cpuTicks(p.pid());
      String reply = trickle(port, request, 5);
      long ticks = cpuTicks(p.pid()) - before;
      log.info("redis-server {}: same request in {}-byte pieces: CPU {} ms (reply starts {}); redis sample {} ms",
          port, PIECE, ticks * 10, reply.trim(), oursNanos / 1_000_000);
    } finally {
      p.destroy();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** utime + stime of a process, in clock ticks (10 ms here). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}

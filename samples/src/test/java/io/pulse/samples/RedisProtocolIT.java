package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The redis sample's protocol edges over plain sockets, in each task mode: limits answered with an error or a close,
 * garbage, QUIT, and a request dribbled one byte at a time.
 */
class RedisProtocolIT {

  @ParameterizedTest
  @CsvSource({"event-loop,epoll,edge", "worker-pool,nio,level", "per-connection,auto,level"})
  void limitsGarbageAndQuitBehaveInEveryTaskMode(String taskType, String transport, String trigger) throws Exception {
    try (SampleProcess redis = SampleProcess.start("redis", "--task-type", taskType, "--loops", "2",
        "--transport", transport, "--trigger", trigger,
        "--max-value", "1000", "--max-args", "10", "--hard-max-bytes", "100000");
         Socket a = connect(redis.port);
         Socket b = connect(redis.port)) {
      // One byte at a time, then a pipelined pair.
      byte[] set = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n".getBytes(StandardCharsets.US_ASCII);
      for (byte x : set) {
        a.getOutputStream().write(x);
        a.getOutputStream().flush();
      }
      assertEquals("+OK\r\n", read(a, 5));
      send(a, "GET key\r\nPING\r\n");
      assertEquals("$5\r\nvalue\r\n+PONG\r\n", read(a, 18));

      // Too large but sane: an error reply, and the connection goes on.
      send(a, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000\r\n" + "x".repeat(2000) + "\r\nPING\r\n");
      String err = "-ERR string exceeds maximum allowed size (2000 bytes > limit of 1000)\r\n";
      assertEquals(err + "+PONG\r\n", read(a, err.length() + 7));
      send(a, "MGET 1 2 3 4 5 6 7 8 9 10 11\r\nPING\r\n");
      err = "-ERR too many arguments: 12 exceeds the limit of 10\r\n";
      assertEquals(err + "+PONG\r\n", read(a, err.length() + 7));

      // Absurd: the connection is closed; the other one carries on.
      send(a, "*2\r\n$3\r\nGET\r\n$999999999\r\n");
      assertEquals(-1, a.getInputStream().read(), "an absurd bulk length closes the connection");
      send(b, "GET key\r\n");
      assertEquals("$5\r\nvalue\r\n", read(b, 11));

      try (Socket c = connect(redis.port)) {
        send(c, "*1\r\n#garbage\r\n");
        assertEquals(-1, c.getInputStream().read(), "malformed RESP closes the connection");
      }
      RedisSampleIT.waitUntil(() -> redis.output.toString().contains("RESP: expected '$', got '#'"),
          "the close is logged with its cause");

      // QUIT answers OK, then closes; what follows it is ignored.
      send(b, "QUIT\r\nSET after quit\r\n");
      assertEquals("+OK\r\n", read(b, 5));
      assertEquals(-1, b.getInputStream().read());
      try (Socket d = connect(redis.port)) {
        send(d, "EXISTS after\r\n");
        assertEquals(":0\r\n", read(d, 4));
      }
    }
  }

  private static Socket connect(int port) throws Exception {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    return s;
  }

  private static void send(Socket s, String text) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String read(Socket s, int n) throws Exception {
    InputStream in = s.getInputStream();
    return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
  }
}

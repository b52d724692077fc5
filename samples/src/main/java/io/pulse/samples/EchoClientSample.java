package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseClient;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Ping-pong against an echo server: N connections each send a message and wait for it to come back, M times. */
@Command(name = "echo-client", mixinStandardHelpOptions = true,
    description = "Echo client: ping-pongs messages with an echo server and prints round trips per second.")
final class EchoClientSample implements Callable<Integer> {
  @Option(names = "--connect", defaultValue = "127.0.0.1:9000", description = "host:port (default: ${DEFAULT-VALUE}).")
  String connect;

  @Option(names = "--connections", defaultValue = "10", description = "Connections (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--messages", defaultValue = "1000", description = "Round trips per connection (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--size", defaultValue = "64", description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
  int size;

  @Override
  public Integer call() throws Exception {
    int colon = connect.lastIndexOf(':');
    String host = connect.substring(0, colon);
    int port = Integer.parseInt(connect.substring(colon + 1));
    byte[] message = new byte[size];
    for (int i = 0; i < size; i++) message[i] = (byte) ('a' + i % 26);
    CountDownLatch finished = new CountDownLatch(connections);
    AtomicLong errors = new AtomicLong();
    Callback<ByteBuffer> pingPong = Callback.of(conn -> {
      conn.session(new int[] {0, messages}); // {bytes received of this round, rounds left}
      conn.write(message);
    }, (conn, data) -> {
      int[] state = (int[]) conn.session();
      state[0] += data.remaining();
      if (state[0] < size) return;
      state[0] = 0;
      if (--state[1] == 0) {
        finished.countDown();
        conn.close();
      } else {
        conn.write(message);
      }
    }, (conn, err) -> {
      if (err != null) errors.incrementAndGet();
    });
    try (PulseClient client = PulseClient.builder().callback(pingPong).build()) {
      long t0 = System.nanoTime();
      List<Conn> conns = new ArrayList<>();
      for (int i = 0; i < connections; i++) conns.add(client.connect(host, port).get(10, TimeUnit.SECONDS));
      if (!finished.await(5, TimeUnit.MINUTES)) throw new IllegalStateException("timed out");
      double secs = (System.nanoTime() - t0) / 1e9;
      long total = (long) connections * messages;
      System.out.printf("%d round trips of %d B over %d connections in %.2f s: %.0f/s, %d errors%n",
          total, size, conns.size(), secs, total / secs, errors.get());
    }
    return errors.get() == 0 ? 0 : 1;
  }
}

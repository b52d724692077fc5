package io.pulse.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A fresh blocking client that checks a server still answers: connect, echo a few bytes, close. */
final class Probe {
  private Probe() {}

  /** Connects to 127.0.0.1:{@code port}, checks an 8-byte echo, and returns the milliseconds it all took. */
  static long echoMillis(int port) throws IOException {
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(10_000);
      byte[] ping = "ping1234".getBytes();
      s.getOutputStream().write(ping);
      assertArrayEquals(ping, s.getInputStream().readNBytes(ping.length), "probe echo");
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}

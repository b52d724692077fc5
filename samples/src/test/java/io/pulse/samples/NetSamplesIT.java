package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** udp-echo and uds-echo from the jar, talked to with netcat ({@code nc -u}, {@code nc -U}) on each transport. */
class NetSamplesIT {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio", "io_uring"})
  void udpEchoAnswersNetcat(String transport) throws Exception {
    if (transport.equals("io_uring")) Requires.transport(io.pulse.Transport.IO_URING);
    Requires.openbsdNetcat(); // -N and -U are OpenBSD netcat flags
    try (SampleProcess server = SampleProcess.start("udp-echo", "--transport", transport)) {
      // -w2: quit after two idle seconds (the echo comes back well before)
      Process nc = new ProcessBuilder("nc", "-u", "-w2", "127.0.0.1", "" + server.port).start();
      nc.getOutputStream().write("hello over udp\n".getBytes(StandardCharsets.UTF_8));
      nc.getOutputStream().close();
      String out = new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(nc.waitFor(20, TimeUnit.SECONDS));
      assertEquals("hello over udp\n", out);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio", "io_uring"})
  void udsEchoAnswersNetcatAndRemovesItsFile(String transport) throws Exception {
    if (transport.equals("io_uring")) Requires.transport(io.pulse.Transport.IO_URING);
    Requires.openbsdNetcat(); // -N and -U are OpenBSD netcat flags
    Path sock = dir.resolve("echo.sock");
    byte[] payload = new byte[300_000];
    new Random(7).nextBytes(payload);
    Path in = dir.resolve("payload.bin");
    Files.write(in, payload);
    try (SampleProcess server = SampleProcess.start("uds-echo", "--path", sock.toString(), "--transport", transport)) {
      assertTrue(server.output.toString().contains(sock.toString()), server.output.toString());
      Process nc = new ProcessBuilder("nc", "-N", "-U", sock.toString()).redirectInput(in.toFile()).start();
      byte[] got = nc.getInputStream().readAllBytes();
      assertTrue(nc.waitFor(20, TimeUnit.SECONDS));
      assertArrayEquals(payload, got);
    }
    assertFalse(Files.exists(sock), "socket file removed when the sample stops");
  }
}

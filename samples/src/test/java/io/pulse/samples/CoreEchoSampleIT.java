package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw-API echo server and client, from the jar, on each transport; checked with nc too. */
class CoreEchoSampleIT {

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio", "io_uring"})
  void coreEchoServerAndClientTalk(String transport) throws Exception {
    if (transport.equals("io_uring")) Requires.transport(io.pulse.Transport.IO_URING);
    try (SampleProcess server = SampleProcess.start("core-echo", "--transport", transport)) {
      List<String> cmd = new ArrayList<>(List.of(SampleProcess.javaBin(), "-jar", SampleProcess.JAR.toString(),
          "core-echo", "--transport", transport, "--connect", "127.0.0.1:" + server.port));
      Process client = new ProcessBuilder(cmd).start();
      client.getOutputStream().write("ping over the raw poller\n".getBytes(StandardCharsets.UTF_8));
      client.getOutputStream().close();
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(client.waitFor(20, TimeUnit.SECONDS));
      assertEquals("ping over the raw poller\n", out);

      Requires.openbsdNetcat(); // -N: OpenBSD netcat
      byte[] payload = new byte[300_000];
      new Random(5).nextBytes(payload);
      Path in = Files.createTempFile("pulse-core", ".bin");
      try {
        Files.write(in, payload);
        Process nc = new ProcessBuilder("nc", "-N", "127.0.0.1", "" + server.port).redirectInput(in.toFile()).start();
        byte[] got = nc.getInputStream().readAllBytes();
        assertTrue(nc.waitFor(20, TimeUnit.SECONDS));
        assertArrayEquals(payload, got);
      } finally {
        Files.deleteIfExists(in);
      }
    }
  }
}

package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.Requires;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The echo sample, started from the jar, answers real clients: nc and a plain JDK socket. */
class EchoSampleIT {

  @Test
  void helpListsTheEchoSampleAndItsOptions() throws Exception {
    String help = SampleProcess.run("--help");
    assertTrue(help.contains("echo"), help);
    String echoHelp = SampleProcess.run("echo", "--help");
    for (String opt : new String[] {"--port", "--loops", "--task-type", "--transport", "--trigger"}) {
      assertTrue(echoHelp.contains(opt), opt + " missing from:\n" + echoHelp);
    }
  }

  @ParameterizedTest
  @CsvSource({"event-loop,auto,level", "worker-pool,epoll,edge", "per-connection,nio,level", "event-loop,io_uring,level"})
  void echoesWhatNetcatSends(String taskType, String transport, String trigger) throws Exception {
    Requires.openbsdNetcat(); // -N: OpenBSD netcat
    if (transport.equals("io_uring")) Requires.transport(io.pulse.Transport.IO_URING);
    try (SampleProcess echo = SampleProcess.start("echo", "--loops", "2", "--task-type", taskType,
        "--transport", transport, "--trigger", trigger)) {
      byte[] payload = new byte[200_000];
      new Random(7).nextBytes(payload);
      Path in = Files.createTempFile("pulse-nc", ".bin");
      try {
        Files.write(in, payload);
        Process nc = new ProcessBuilder("nc", "-N", "127.0.0.1", "" + echo.port)
            .redirectInput(in.toFile()).start();
        byte[] got = nc.getInputStream().readAllBytes();
        assertTrue(nc.waitFor(20, TimeUnit.SECONDS), "nc did not finish");
        assertArrayEquals(payload, got);
      } finally {
        Files.deleteIfExists(in);
      }
    }
  }

  @Test
  void idleTimeoutAndMaxConnsOptionsTakeEffect() throws Exception {
    try (SampleProcess echo = SampleProcess.start("echo", "--idle-timeout", "300ms", "--max-conns", "1");
         Socket first = new Socket("127.0.0.1", echo.port)) {
      first.setSoTimeout(10_000);
      first.getOutputStream().write(7);
      assertEquals(7, first.getInputStream().read());
      try (Socket second = new Socket("127.0.0.1", echo.port)) {
        second.setSoTimeout(10_000);
        assertEquals(-1, second.getInputStream().read(), "beyond --max-conns 1 the server closes at once");
      }
      assertEquals(-1, first.getInputStream().read(), "--idle-timeout closes the quiet connection");
    }
  }

  @Test
  void echoesALineToAJdkSocket() throws Exception {
    try (SampleProcess echo = SampleProcess.start("echo");
         Socket s = new Socket("127.0.0.1", echo.port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write("hello pulse\n".getBytes(StandardCharsets.UTF_8));
      assertEquals("hello pulse\n", new String(in.readNBytes(12), StandardCharsets.UTF_8));
    }
  }
}

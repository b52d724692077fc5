package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The echo-client sample, run from the jar against the echo sample, completes its round trips without errors. */
class EchoClientSampleIT {

  @Test
  void pingPongsWithTheEchoSample() throws Exception {
    try (SampleProcess echo = SampleProcess.start("echo", "--loops", "1")) {
      String out = SampleProcess.run("echo-client", "--connect", "127.0.0.1:" + echo.port,
          "--connections", "20", "--messages", "200");
      assertTrue(out.contains("4000 round trips of 64 B over 20 connections"), out);
      assertTrue(out.contains(", 0 errors"), out);
    }
  }

  @Test
  void proxySampleForwardsToTheEchoSample() throws Exception {
    try (SampleProcess echo = SampleProcess.start("echo", "--loops", "1");
         SampleProcess proxy = SampleProcess.start("proxy", "--target", "127.0.0.1:" + echo.port)) {
      String out = SampleProcess.run("echo-client", "--connect", "127.0.0.1:" + proxy.port,
          "--connections", "10", "--messages", "100");
      assertTrue(out.contains("1000 round trips of 64 B over 10 connections"), out);
      assertTrue(out.contains(", 0 errors"), out);
    }
  }
}

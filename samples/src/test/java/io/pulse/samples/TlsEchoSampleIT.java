package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.Requires;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tls-echo sample, started from the jar, answers the openssl command it prints. */
class TlsEchoSampleIT {

  @ParameterizedTest
  @ValueSource(strings = {"-tls1_3", "-tls1_2"})
  void echoesToTheOpensslCommandItPrints(String protocolFlag) throws Exception {
    Requires.tools("openssl");
    try (SampleProcess tls = SampleProcess.start("tls-echo", "--loops", "1")) {
      String hint = awaitLine(tls, "try: openssl");
      Matcher m = Pattern.compile("try: (openssl .*)").matcher(hint);
      assertTrue(m.find(), hint);
      List<String> cmd = new ArrayList<>(Arrays.asList(m.group(1).trim().split(" ")));
      cmd.addAll(List.of(protocolFlag, "-verify_return_error"));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
          try {
            return out.readLine();
          } catch (java.io.IOException e) {
            throw new RuntimeException(e);
          }
        });
        OutputStream in = p.getOutputStream();
        in.write("hello tls sample\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertEquals("hello tls sample", line.get(20, TimeUnit.SECONDS));
      } finally {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String awaitLine(SampleProcess p, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      for (String l : p.output.toString().split("\n")) if (l.startsWith(prefix)) return l;
      Thread.sleep(20); // polling the child's output against a deadline
    }
    throw new AssertionError("no line starting with '" + prefix + "' in:\n" + p.output);
  }
}

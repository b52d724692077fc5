package io.pulse.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.Requires;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Kotlin samples, started from the jar, serve plain socket clients. */
class KotlinSamplesIT {

  @Test
  void kotlinEchoEchoes() throws Exception {
    try (SampleProcess echo = SampleProcess.start("kotlin-echo", "--loops", "1");
         Socket s = new Socket("127.0.0.1", echo.port)) {
      s.setSoTimeout(10_000);
      byte[] payload = new byte[100_000];
      for (int i = 0; i < payload.length; i++) payload[i] = (byte) i;
      Thread w = new Thread(() -> {
        try {
          s.getOutputStream().write(payload);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      w.start();
      byte[] got = s.getInputStream().readNBytes(payload.length);
      w.join(10_000);
      assertEquals(payload.length, got.length);
      assertTrue(java.util.Arrays.equals(payload, got));
    }
  }

  @Test
  void kotlinChatBroadcastsLinesToTheOthers() throws Exception {
    try (SampleProcess chat = SampleProcess.start("kotlin-chat");
         Socket alice = new Socket("127.0.0.1", chat.port);
         Socket bob = new Socket("127.0.0.1", chat.port)) {
      alice.setSoTimeout(10_000);
      bob.setSoTimeout(10_000);
      BufferedReader a = reader(alice);
      BufferedReader b = reader(bob);
      assertTrue(a.readLine().startsWith("welcome"));
      assertTrue(b.readLine().startsWith("welcome"));
      OutputStream out = alice.getOutputStream();
      out.write("/nick alice\nhello bob\n".getBytes(StandardCharsets.UTF_8));
      String first = b.readLine();
      assertTrue(first.endsWith("is now alice"), first);
      assertEquals("alice: hello bob", b.readLine());
    }
  }

  @Test
  void kotlinChatServesNetcatClients() throws Exception {
    Requires.openbsdNetcat();
    try (SampleProcess chat = SampleProcess.start("kotlin-chat")) {
      Process bob = new ProcessBuilder("nc", "127.0.0.1", "" + chat.port).start();
      Process alice = new ProcessBuilder("nc", "127.0.0.1", "" + chat.port).start();
      try {
        BufferedReader b = new BufferedReader(new InputStreamReader(bob.getInputStream(), StandardCharsets.UTF_8));
        BufferedReader a = new BufferedReader(new InputStreamReader(alice.getInputStream(), StandardCharsets.UTF_8));
        assertTrue(b.readLine().startsWith("welcome"));
        assertTrue(a.readLine().startsWith("welcome"));
        OutputStream out = alice.getOutputStream();
        out.write("/nick alice\r\nhello ".getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.write("bob, h\u00e9llo\n".getBytes(StandardCharsets.UTF_8)); // a line in two pieces
        out.flush();
        assertTrue(b.readLine().endsWith("is now alice"));
        assertEquals("alice: hello bob, h\u00e9llo", b.readLine());
        alice.destroy();
        assertEquals("* alice left", b.readLine());
      } finally {
        alice.destroyForcibly();
        bob.destroyForcibly();
        assertTrue(bob.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void kotlinHttpAnswersCurlAndBroadcastsToNpmWsClients() throws Exception {
    Requires.tools("curl", "node");
    Path js = Path.of("..", "pulse-core-java", "src", "test", "js").toAbsolutePath().normalize();
    Requires.that(Files.isDirectory(js.resolve("node_modules/ws")), "npm package ws is not installed in " + js
        + " (npm ci there)");
    String help = SampleProcess.run("kotlin-http", "--help");
    assertTrue(help.contains("default: 8082"), help);
    try (SampleProcess s = SampleProcess.start("kotlin-http")) {
      Process curl = new ProcessBuilder("curl", "-s", "http://127.0.0.1:" + s.port + "/plaintext").start();
      assertEquals("Hello, World!", new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      assertTrue(curl.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
      Path script = Path.of("..", "pulse-kotlin", "src", "test", "js", "kotlin-ws.js").toAbsolutePath().normalize();
      Process node = new ProcessBuilder("node", script.toString(), "" + s.port, "chat").redirectErrorStream(true).start();
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(node.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals(0, node.exitValue(), out);
      assertTrue(out.contains("\"got\":[[\"hello from 0\",\"hello from 1\"],[\"hello from 0\",\"hello from 1\"]]"), out);
    }
  }

  private static BufferedReader reader(Socket s) throws Exception {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
  }
}

package io.pulse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.testing.Closer;
import io.pulse.testing.TestCerts;
import io.pulse.testing.Requires;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code openssl s_client} talks to a Pulse TLS echo server with TLS 1.3 and 1.2, verifying its certificate. */
class TlsOpensslTest {
  private final Closer closer = new Closer();

  @AfterEach
  void closeAll() throws Exception {
    closer.close();
  }

  @ParameterizedTest
  @CsvSource({"EPOLL, -tls1_3, TLSv1.3", "EPOLL, -tls1_2, TLSv1.2", "NIO, -tls1_3, TLSv1.3", "NIO, -tls1_2, TLSv1.2"})
  void opensslClientEchoes(Transport t, String flag, String protocol) throws Exception {
    Requires.tools("openssl");
    Requires.transport(t);
    CompletableFuture<String> seen = new CompletableFuture<>();
    PulseServer s = closer.add(PulseServer.builder().transport(t).loops(1).tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of(c -> seen.complete(c.tlsSession().getProtocol()), (c, d) -> c.write(d), null))
        .bind("127.0.0.1", 0));
    Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + s.port(), flag, "-quiet",
        "-CAfile", TestCerts.certificatePem().toString(), "-verify_return_error", "-verify_hostname", "localhost")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    closer.add(p::destroyForcibly);
    OutputStream stdin = p.getOutputStream();
    BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> lines = CompletableFuture.supplyAsync(() -> {
      try {
        return stdout.readLine() + "|" + stdout.readLine();
      } catch (java.io.IOException e) {
        throw new RuntimeException(e);
      }
    });
    stdin.write("hello from openssl\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    assertEquals(protocol, seen.get(15, TimeUnit.SECONDS));
    stdin.write("second line\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    assertEquals("hello from openssl|second line", lines.get(15, TimeUnit.SECONDS));
    assertTrue(p.isAlive(), "s_client still connected");
  }

  @ParameterizedTest
  @CsvSource({"EPOLL, -tls1_3", "NIO, -tls1_2"})
  void closeSendsCloseNotifySoOpensslSeesNoTruncation(Transport t, String flag) throws Exception {
    Requires.tools("openssl");
    Requires.transport(t);
    PulseServer s = closer.add(PulseServer.builder().transport(t).loops(1).tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of((c, d) -> {
          c.write("bye\n".getBytes(StandardCharsets.UTF_8));
          c.close();
        }))
        .bind("127.0.0.1", 0));
    Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + s.port(), flag,
        "-CAfile", TestCerts.certificatePem().toString(), "-verify_return_error")
        .redirectErrorStream(true)
        .start();
    closer.add(p::destroyForcibly);
    CompletableFuture<String> all = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new RuntimeException(e);
      }
    });
    p.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    String out = all.get(15, TimeUnit.SECONDS); // s_client exits when the server closes
    assertTrue(out.contains("bye"), out);
    assertTrue(!out.contains("unexpected eof"), "the server closed without close_notify:\n" + out);
  }
}

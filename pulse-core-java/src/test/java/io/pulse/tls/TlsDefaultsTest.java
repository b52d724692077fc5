package io.pulse.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.testing.Closer;
import io.pulse.testing.ExternalTool;
import io.pulse.testing.Requires;
import io.pulse.testing.TestCerts;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS 1.2 and 1.3 only by default, whatever the SSLContext enables (a provider or a java.security edit may enable
 * TLS 1.1): {@code openssl s_client -tls1_1} is refused by the server while {@code -tls1_2} gets through; a
 * configurator may still enable older protocols.
 */
class TlsDefaultsTest {
  private final Closer closer = new Closer();

  @AfterEach
  void closeAll() throws Exception {
    closer.close();
  }

  /** A context whose engines enable TLS 1.1 too, as an older or differently configured provider's would. */
  static SSLContext lenientContext() throws Exception {
    SSLContext real = TestCerts.serverContext();
    SSLContextSpi spi = new SSLContextSpi() {
      @Override protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {}

      @Override protected SSLSocketFactory engineGetSocketFactory() { return real.getSocketFactory(); }

      @Override protected SSLServerSocketFactory engineGetServerSocketFactory() { return real.getServerSocketFactory(); }

      @Override protected SSLEngine engineCreateSSLEngine() { return lenient(real.createSSLEngine()); }

      @Override protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return lenient(real.createSSLEngine(host, port));
      }

      @Override protected SSLSessionContext engineGetServerSessionContext() { return real.getServerSessionContext(); }

      @Override protected SSLSessionContext engineGetClientSessionContext() { return real.getClientSessionContext(); }

      private SSLEngine lenient(SSLEngine e) {
        e.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.1"});
        return e;
      }
    };
    return new SSLContext(spi, real.getProvider(), "TLS") {};
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void serverEnginesEnableOnlyTls12And13UnlessConfigured(Transport t) throws Exception {
    Requires.transport(t);
    CompletableFuture<String[]> seen = new CompletableFuture<>();
    PulseServer s = closer.add(PulseServer.builder().transport(t).loops(1)
        .tls(lenientContext(), e -> seen.complete(e.getEnabledProtocols()))
        .callback(Callback.<ByteBuffer>of((c, d) -> c.write(d))).bind("127.0.0.1", 0));
    try (Socket plain = new Socket("127.0.0.1", s.port())) {
      assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, seen.get(10, TimeUnit.SECONDS));
    }
    CompletableFuture<String[]> configured = new CompletableFuture<>();
    PulseServer old = closer.add(PulseServer.builder().transport(t).loops(1).tls(lenientContext(), e -> {
      e.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.1"}); // the user's choice wins
      configured.complete(e.getEnabledProtocols());
    }).callback(Callback.<ByteBuffer>of((c, d) -> c.write(d))).bind("127.0.0.1", 0));
    try (Socket plain = new Socket("127.0.0.1", old.port())) {
      assertArrayEquals(new String[] {"TLSv1.2", "TLSv1.1"}, configured.get(10, TimeUnit.SECONDS));
    }
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void opensslTls11IsRefusedAndTls12GetsThrough(Transport t) throws Exception {
    Requires.tools("openssl");
    Requires.transport(t);
    PulseServer s = closer.add(PulseServer.builder().transport(t).loops(1).tls(lenientContext())
        .callback(Callback.<ByteBuffer>of((c, d) -> c.write(d))).bind("127.0.0.1", 0));
    // SECLEVEL=0: OpenSSL 3 refuses TLS 1.1 itself otherwise, and the server would never be asked
    ExternalTool.Result old = sClient(s.port(), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
    assertNotEquals(0, old.exitCode(), old.stdout());
    String out = old.stdout() + old.stderr();
    assertTrue(!out.contains("no protocols available"), "openssl refused TLS 1.1 itself: " + out);
    assertTrue(out.contains("Cipher is (NONE)") && !out.contains("BEGIN CERTIFICATE"), "no session: " + out);
    ExternalTool.Result ok = sClient(s.port(), "-tls1_2");
    assertEquals(0, ok.exitCode(), ok.stdout() + ok.stderr());
    assertTrue(ok.stdout().contains("Protocol  : TLSv1.2"), ok.stdout());
  }

  /** Runs s_client with stdin at end of file (it quits after the handshake), for at most 20 s. */
  private static ExternalTool.Result sClient(int port, String... flags) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-CAfile", TestCerts.certificatePem().toString()));
    cmd.addAll(List.of(flags));
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true).start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish within 20 s: " + out.getNow(""));
    }
    return new ExternalTool.Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), "");
  }
}

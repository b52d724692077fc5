package io.pulse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.ConnTimeoutException;
import io.pulse.PulseClient;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.codec.LineCodec;
import io.pulse.testing.Closer;
import io.pulse.testing.TestCerts;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A Pulse TLS client against a Pulse TLS server: codecs on top, ALPN, certificate and timeout failures. */
class TlsClientTest {
  private final Closer closer = new Closer();

  @AfterEach
  void closeAll() throws Exception {
    closer.close();
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void codecMessagesRoundTripAndAlpnIsAgreed(Transport t) throws Exception {
    BlockingQueue<String> serverSaw = new LinkedBlockingQueue<>();
    PulseServer server = closer.add(PulseServer.builder(new LineCodec(1024)).transport(t).loops(1)
        .tls(TestCerts.serverContext(), e -> alpn(e, "pulse/1", "h2"))
        .callback(new Callback<String>() {
          @Override public void onOpen(Conn c) {
            serverSaw.add("alpn " + c.applicationProtocol());
          }

          @Override public void onData(Conn c, String line) {
            c.writeMessage("echo " + line);
          }
        })
        .bind("127.0.0.1", 0));
    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    PulseClient client = closer.add(PulseClient.builder(new LineCodec(1024)).transport(t).loops(1)
        .tls(TestCerts.clientContext(), e -> alpn(e, "pulse/1"))
        .callback(Callback.<String>of((c, line) -> replies.add(line)))
        .build());
    Conn conn = client.connect("127.0.0.1", server.port()).get(10, TimeUnit.SECONDS);
    assertEquals("pulse/1", conn.applicationProtocol());
    assertEquals("TLSv1.3", conn.tlsSession().getProtocol());
    for (int i = 0; i < 100; i++) conn.writeMessage("line " + i); // from a foreign thread
    for (int i = 0; i < 100; i++) assertEquals("echo line " + i, replies.poll(10, TimeUnit.SECONDS));
    assertEquals("alpn pulse/1", serverSaw.poll(10, TimeUnit.SECONDS));
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void anUntrustedCertificateFailsTheConnectFuture(Transport t) throws Exception {
    PulseServer server = closer.add(PulseServer.builder().transport(t).loops(1).tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0));
    PulseClient client = closer.add(PulseClient.builder().transport(t).loops(1)
        .tls(TestCerts.untrustingClientContext())
        .callback(Callback.<ByteBuffer>of((c, d) -> {}))
        .build());
    CompletableFuture<Conn> f = client.connect("127.0.0.1", server.port());
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    assertInstanceOf(SSLHandshakeException.class, e.getCause(), String.valueOf(e.getCause()));
    TlsServerTest.awaitCount(server, 0);
    assertEquals(0, client.connectionCount());
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void aServerThatNeverAnswersFailsTheConnectWithAHandshakeTimeout(Transport t) throws Exception {
    ServerSocket mute = closer.add(new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress()));
    PulseClient client = closer.add(PulseClient.builder().transport(t).loops(1)
        .tls(TestCerts.clientContext()).tlsHandshakeTimeout(Duration.ofMillis(300))
        .callback(Callback.<ByteBuffer>of((c, d) -> {}))
        .build());
    CompletableFuture<Conn> f = client.connect("127.0.0.1", mute.getLocalPort());
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    ConnTimeoutException timeout = assertInstanceOf(ConnTimeoutException.class, e.getCause());
    assertEquals(ConnTimeoutException.Kind.HANDSHAKE, timeout.kind());
    assertTrue(timeout.getMessage().contains("TLS handshake"), timeout.getMessage());
    assertEquals(0, client.connectionCount());
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void theHostNameIsChecked(Transport t) throws Exception {
    PulseServer server = closer.add(PulseServer.builder().transport(t).loops(1).tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of((c, d) -> c.write(d)))
        .bind("127.0.0.1", 0));
    PulseClient client = closer.add(PulseClient.builder().transport(t).loops(1).tls(TestCerts.clientContext())
        .callback(Callback.<ByteBuffer>of((c, d) -> {}))
        .build());
    assertNotNull(client.connect("localhost", server.port()).get(10, TimeUnit.SECONDS)); // SAN dns:localhost
    // 127.0.0.2 reaches the same listener on Linux but is not named in the certificate
    server = closer.add(PulseServer.builder().transport(t).loops(1).tls(TestCerts.serverContext())
        .callback(Callback.<ByteBuffer>of((c, d) -> c.write(d)))
        .bind("0.0.0.0", 0));
    CompletableFuture<Conn> f = client.connect("127.0.0.2", server.port());
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    assertInstanceOf(SSLHandshakeException.class, e.getCause());
    assertTrue(String.valueOf(e.getCause().getMessage()).contains("127.0.0.2"), e.getCause().getMessage());
  }

  private static void alpn(javax.net.ssl.SSLEngine e, String... protocols) {
    SSLParameters p = e.getSSLParameters();
    p.setApplicationProtocols(protocols);
    e.setSSLParameters(p);
  }
}

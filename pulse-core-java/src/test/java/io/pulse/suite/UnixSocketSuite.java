package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseClient;
import io.pulse.PulseServer;
import io.pulse.testing.Await;
import io.pulse.testing.Fds;
import io.pulse.testing.Threads;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unix domain stream sockets: a server bound to a path echoes to JDK and Pulse clients, replaces a stale socket
 * file but refuses a live one, and removes its file on close.
 */
abstract class UnixSocketSuite extends PulseSuite {
  @TempDir
  Path dir;

  Path path() {
    return dir.resolve("pulse.sock");
  }

  PulseServer startUnix(Path path) throws IOException {
    return closeLater(server().callback(RecordingCallback.echo()).bind(path));
  }

  /** A blocking JDK client connected to {@code path}; closed after the test. */
  SocketChannel connectUnix(Path path) throws IOException {
    return closeLater(SocketChannel.open(UnixDomainSocketAddress.of(path)));
  }

  @Test
  void echoesSmallPayloadToJdkClient() throws Exception {
    startUnix(path());
    SocketChannel ch = connectUnix(path());
    byte[] payload = Payloads.random(100, 1);
    assertArrayEquals(payload, exchange(ch, payload));
  }

  @Test
  void echoesSixteenMebibytesWithSameSha256() throws Exception {
    startUnix(path());
    SocketChannel ch = connectUnix(path());
    byte[] payload = Payloads.random(16 << 20, 16);
    byte[] got = exchange(ch, payload);
    assertEquals(Payloads.sha256(payload), Payloads.sha256(got));
  }

  @Test
  void pulseClientConnectsByPathAndSeesUnixAddresses() throws Exception {
    CompletableFuture<Conn> accepted = new CompletableFuture<>();
    PulseServer s = closeLater(server().callback(Callback.<ByteBuffer>of(accepted::complete,
        (conn, b) -> conn.write(b), (conn, err) -> { })).bind(path()));
    assertEquals(java.util.List.of(UnixDomainSocketAddress.of(path())), s.localAddresses());
    assertEquals(-1, s.port());
    CompletableFuture<String> reply = new CompletableFuture<>();
    PulseClient client = closeLater(PulseClient.builder().transport(transport()).triggerType(trigger).loops(1)
        .keepAlive(true) // TCP-only options must be skipped on a Unix socket, not fail
        .callback(Callback.of((Conn c, ByteBuffer b) -> reply.complete(java.nio.charset.StandardCharsets.UTF_8.decode(b).toString())))
        .build());
    Conn c = client.connect(path()).get(10, TimeUnit.SECONDS);
    assertEquals(UnixDomainSocketAddress.of(path()), c.remoteAddress());
    assertInstanceOf(UnixDomainSocketAddress.class, c.localAddress());
    c.write("ping".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("ping", reply.get(10, TimeUnit.SECONDS));
    Conn serverSide = accepted.get(10, TimeUnit.SECONDS);
    assertEquals(UnixDomainSocketAddress.of(path()), serverSide.localAddress());
    assertInstanceOf(UnixDomainSocketAddress.class, serverSide.remoteAddress());
  }

  @Test
  void connectToMissingPathFailsWithConnectException() throws Exception {
    PulseClient client = closeLater(PulseClient.builder().transport(transport()).loops(1)
        .callback(Callback.of((Conn c, ByteBuffer b) -> { })).build());
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.connect(dir.resolve("nobody.sock")).get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
  }

  @Test
  void staleSocketFileIsReplaced() throws Exception {
    try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      old.bind(UnixDomainSocketAddress.of(path())); // closing leaves the file behind: a stale socket
    }
    assertTrue(Files.exists(path()));
    startUnix(path());
    byte[] payload = Payloads.random(10, 2);
    assertArrayEquals(payload, exchange(connectUnix(path()), payload));
  }

  @Test
  void liveListenerOnPathFailsWithErrorNamingIt() throws Exception {
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(path()));
      BindException e = assertThrows(BindException.class, () -> startUnix(path()));
      assertTrue(e.getMessage().contains(path().toString()), e.getMessage());
      assertTrue(Files.exists(path()), "the live listener's file was left alone");
      try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path()))) {
        assertTrue(c.isConnected());
      }
    }
  }

  @Test
  void regularFileAtPathIsNotReplaced() throws Exception {
    Files.writeString(path(), "precious");
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> startUnix(path()));
    assertTrue(e.getMessage().contains(path().toString()), e.getMessage());
    assertEquals("precious", Files.readString(path()));
  }

  @Test
  void closeRemovesSocketFileAndReleasesFdsAndThreads() throws Exception {
    long fdsBefore = Fds.count();
    PulseServer s = server().callback(RecordingCallback.echo()).bind(path());
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path()))) {
      assertArrayEquals(new byte[] {7}, exchange(ch, new byte[] {7}));
      s.close();
      assertFalse(Files.exists(path()), "socket file removed on close");
      ByteBuffer b = ByteBuffer.allocate(1);
      assertEquals(-1, ch.read(b), "server side closed");
    }
    assertThrows(java.net.SocketException.class, () -> SocketChannel.open(UnixDomainSocketAddress.of(path())));
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(10));
    Await.until(() -> Threads.pulseThreads().isEmpty(), Duration.ofSeconds(10), () -> "" + Threads.pulseThreads());
  }

  /** Writes {@code payload} on a thread while reading as many bytes back; returns them. */
  static byte[] exchange(SocketChannel ch, byte[] payload) throws Exception {
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        Random r = new Random(payload.length);
        for (int off = 0; off < payload.length; ) {
          int n = Math.min(payload.length - off, 1 + r.nextInt(EchoClient.MAX_CHUNK));
          ByteBuffer b = ByteBuffer.wrap(payload, off, n);
          while (b.hasRemaining()) ch.write(b);
          off += n;
        }
      } catch (IOException e) {
        throw new RuntimeException("client write failed", e);
      }
    });
    ByteBuffer got = ByteBuffer.allocate(payload.length);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (got.hasRemaining()) {
      if (ch.read(got) < 0) break;
      assertTrue(System.nanoTime() < deadline, "echo timed out at " + got.position());
    }
    writer.get(20, TimeUnit.SECONDS);
    return got.array();
  }
}

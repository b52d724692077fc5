package io.pulse.internal.uring;

import static io.pulse.internal.uring.UringTesting.assumeUring;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.Fds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pieces composed: {@link UringEchoServer} (accept, recv into the buffer ring, send) against real clients. */
class UringEchoTest {
  @BeforeEach
  void requireUring() {
    assumeUring();
  }

  @Test
  void echoKeepsEveryByteInOrderAcrossShortSendsAndAnExhaustedBufferRing() throws Exception {
    byte[] sent = new byte[1 << 20];
    new Random(21).nextBytes(sent);
    long fdsBefore = UringTesting.fdCount();
    // 8 buffers of 64 KiB, a small send buffer and a small client receive buffer: a chunk of 64 KiB cannot go out in
    // one send (short sends), and a client that is not reading yet stalls the sends until every buffer waits to be
    // echoed and the multishot recv ends with -ENOBUFS.
    UringEchoServer server = new UringEchoServer(8, 64 * 1024, 8 * 1024);
    byte[] received = new byte[sent.length];
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(16 * 1024);
      client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      client.setSoTimeout(20_000);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = client.getOutputStream();
          for (int off = 0; off < sent.length; off += 65536) out.write(sent, off, Math.min(65536, sent.length - off));
          client.shutdownOutput();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      assertTrue(server.bufferRingRanDry.await(20, TimeUnit.SECONDS), "the buffer ring never ran dry");
      InputStream in = client.getInputStream();
      int n = 0;
      for (int r; n < received.length && (r = in.read(received, n, received.length - n)) > 0; ) n += r;
      assertEquals(sent.length, n);
      assertEquals(-1, in.read(), "server closes after echoing everything");
      writer.get(20, TimeUnit.SECONDS);
    } finally {
      server.close();
    }
    assertArrayEquals(sent, received);
    assertTrue(server.shortSends > 0, "no short send happened");
    assertTrue(server.enobufs > 0);
    assertEquals(1, server.accepted);
    assertEquals(1, server.closed);
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(5));
  }

  @Test
  void hundredConcurrentClientsGetTheirMebibyteBackIntact() throws Exception {
    long fdsBefore = UringTesting.fdCount();
    UringEchoServer server = new UringEchoServer(256, 16 * 1024, 0);
    try {
      echoConcurrently(server, 100, 1 << 20);
    } finally {
      server.close();
    }
    assertEquals(100, server.accepted);
    assertEquals(100, server.closed);
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(5));
  }

  @Test
  void thousandBusyConnectionsShareADryBufferRingWithoutLosingAByte() throws Exception {
    long fdsBefore = UringTesting.fdCount();
    // Far fewer buffers than busy connections, and an SQ of 8, which the re-arms queued while draining usually fill
    // (whether they do in a given run depends on how the load arrives; UringPollerTest fills an SQ for certain).
    UringEchoServer server = new UringEchoServer(8, 64, 4096, 0);
    try {
      echoConcurrently(server, 1000, 64 * 1024);
    } finally {
      server.close();
    }
    assertEquals(1000, server.accepted);
    assertEquals(1000, server.closed);
    assertTrue(server.enobufs > 0, "the buffer ring never ran dry");
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(5));
  }

  /** {@code clients} concurrent non-blocking clients each echo {@code size} random bytes; SHA-256 both ways. */
  private static void echoConcurrently(UringEchoServer server, int clients, int size) throws Exception {
    Client[] cs = new Client[clients];
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < clients; i++) {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(new InetSocketAddress("127.0.0.1", server.port()));
        ch.configureBlocking(false);
        cs[i] = new Client(ch, size, i);
        ch.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE, cs[i]);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
      int done = 0;
      ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);
      while (done < clients) {
        assertTrue(System.nanoTime() < deadline, done + " of " + clients + " clients finished in time");
        selector.select(1000);
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey k = it.next();
          it.remove();
          Client c = (Client) k.attachment();
          if (k.isValid() && k.isWritable() && c.write()) k.interestOps(SelectionKey.OP_READ);
          if (k.isValid() && k.isReadable() && c.read(readBuf)) {
            k.cancel();
            c.ch.close();
            done++;
          }
        }
      }
    } finally {
      for (Client c : cs) if (c != null) c.ch.close();
    }
    for (Client c : cs) {
      assertEquals(size, c.received, "client " + c.id);
      assertArrayEquals(c.sentDigest.digest(), c.receivedDigest.digest(), "client " + c.id + " SHA-256");
    }
  }

  @Test
  void shortConnectionsOneAfterAnotherReuseFdNumbersCleanly() throws Exception {
    long fdsBefore = UringTesting.fdCount();
    UringEchoServer server = new UringEchoServer(16, 4096, 0);
    int n = 300;
    try {
      byte[] msg = new byte[100];
      for (int i = 0; i < n; i++) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          s.setSoTimeout(10_000);
          msg[0] = (byte) i;
          s.getOutputStream().write(msg);
          byte[] back = s.getInputStream().readNBytes(msg.length);
          assertArrayEquals(msg, back, "connection " + i);
        }
      }
      assertTrue(server.closes.tryAcquire(n, 10, TimeUnit.SECONDS), "the server closed every connection after its EOF");
    } finally {
      server.close();
    }
    assertEquals(n, server.accepted);
    assertEquals(n, server.closed, "each closed through the ring after its EOF");
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(5));
  }

  /** One non-blocking client: sends {@code size} random bytes in random chunks, then half-closes; hashes both ways. */
  private static final class Client {
    final SocketChannel ch;
    final int id;
    final Random random;
    final MessageDigest sentDigest = sha256();
    final MessageDigest receivedDigest = sha256();
    final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    int toSend;
    long received;
    final int size;

    Client(SocketChannel ch, int size, int id) {
      this.ch = ch;
      this.size = size;
      this.id = id;
      this.toSend = size;
      this.random = new Random(id);
      chunk.limit(0);
    }

    /** Writes what the socket takes; true once everything is sent and the output shut down. */
    boolean write() throws IOException {
      while (true) {
        if (!chunk.hasRemaining()) {
          if (toSend == 0) {
            ch.shutdownOutput();
            return true;
          }
          int n = Math.min(toSend, 1 + random.nextInt(chunk.capacity()));
          chunk.clear().limit(n);
          random.nextBytes(chunk.array());
          sentDigest.update(chunk.array(), 0, n);
          toSend -= n;
        }
        if (ch.write(chunk) == 0) return false;
      }
    }

    /** Reads what is there; true at the server's EOF. */
    boolean read(ByteBuffer buf) throws IOException {
      while (true) {
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) return true;
        if (n == 0) return false;
        receivedDigest.update(buf.array(), 0, n);
        received += n;
      }
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

}

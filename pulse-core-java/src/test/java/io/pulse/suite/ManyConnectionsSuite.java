package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pulse.PulseServer;
import io.pulse.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A thousand connections opened at once each get their own echo, and the server forgets them all once the
 * clients close. The client is one NIO Selector driving every connection.
 */
abstract class ManyConnectionsSuite extends PulseSuite {
  static final int CONNECTIONS = 1_000;

  @Test
  void thousandConcurrentConnectionsEachGetTheirOwnEcho() throws Exception {
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    List<SocketChannel> clients = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < CONNECTIONS; i++) {
        SocketChannel c = SocketChannel.open();
        clients.add(c);
        c.configureBlocking(false);
        c.connect(new InetSocketAddress("127.0.0.1", s.port()));
        c.register(selector, SelectionKey.OP_CONNECT, new Client(i));
      }
      int echoed = driveUntilEchoed(selector, Duration.ofSeconds(10));
      assertEquals(CONNECTIONS, echoed, "connections that got their echo");
      assertEquals(CONNECTIONS, s.connectionCount());
    } finally {
      for (SocketChannel c : clients) c.close();
    }
    Await.until(() -> s.connectionCount() == 0, Duration.ofSeconds(10), () -> s.connectionCount()
        + " connections still open after their clients closed, e.g. " + cb.records.values().stream()
        .filter(r -> !r.isClosed()).limit(3).map(r -> r.conn + " (onData calls: " + r.dataCalls + ", pending: "
            + r.conn.pendingWriteBytes() + ")").collect(Collectors.joining(", ")));
    assertEquals(CONNECTIONS, cb.records.size(), "connections opened");
    Await.until(() -> cb.records.values().stream().allMatch(RecordingCallback.ConnRecord::isClosed),
        Duration.ofSeconds(10), () -> "onClose missing");
    cb.assertEachOpenedAndClosedOnce();
    cb.records.values().forEach(r -> assertNull(r.error, r.conn + " closed with an error"));
  }

  /** One client's state: its 8-byte request (its number twice) and what came back so far. */
  private static final class Client {
    final ByteBuffer request = ByteBuffer.allocate(8);
    final ByteBuffer reply = ByteBuffer.allocate(8);

    Client(int n) {
      request.putInt(n).putInt(~n).flip();
    }
  }

  /** Connects, sends and reads every client; returns how many got their request back intact. */
  private static int driveUntilEchoed(Selector selector, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int echoed = 0;
    while (echoed < CONNECTIONS && System.nanoTime() < deadline) {
      selector.select(100);
      for (SelectionKey k : selector.selectedKeys()) {
        SocketChannel ch = (SocketChannel) k.channel();
        Client c = (Client) k.attachment();
        if (k.isConnectable() && ch.finishConnect()) k.interestOps(SelectionKey.OP_WRITE);
        if (k.isValid() && k.isWritable()) {
          ch.write(c.request);
          if (!c.request.hasRemaining()) k.interestOps(SelectionKey.OP_READ);
        }
        if (k.isValid() && k.isReadable()) {
          if (ch.read(c.reply) < 0) throw new IOException("server closed connection " + c.request.getInt(0));
          if (!c.reply.hasRemaining()) {
            assertEquals(c.request.getLong(0), c.reply.getLong(0), "echo reached the wrong connection");
            k.cancel();
            echoed++;
          }
        }
      }
      selector.selectedKeys().clear();
    }
    return echoed;
  }
}

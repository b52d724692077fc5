package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.testing.Requires;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server on rings far too small for its load: an 8-entry SQ and 16 provided buffers of 4 KiB under a thousand
 * connections that each echo 16 KiB at once. The SQ fills, the buffer ring runs dry again and again (each
 * connection's recv ends with ENOBUFS and is re-armed when buffers come back), and still every byte comes back in
 * order on its own connection.
 */
class UringRingLimitsTest extends TransportSuiteBase {
  static final int CONNECTIONS = 1_000;
  static final int BYTES = 16 * 1024;

  @Override
  protected Transport transport() {
    return Transport.IO_URING;
  }

  @Test
  void thousandBusyConnectionsOnAnExhaustedBufferRingLoseNothing() throws Exception {
    Requires.transport(Transport.IO_URING);
    PulseServer s;
    System.setProperty("pulse.iouring.sqEntries", "8");
    System.setProperty("pulse.iouring.bufferRingBytes", String.valueOf(16 * 4096));
    try {
      s = closeLater(PulseServer.builder().transport(Transport.IO_URING).loops(2)
          .callback(RecordingCallback.echo()).bind("127.0.0.1", 0));
    } finally {
      System.clearProperty("pulse.iouring.sqEntries");
      System.clearProperty("pulse.iouring.bufferRingBytes");
    }
    List<SocketChannel> clients = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < CONNECTIONS; i++) {
        SocketChannel c = SocketChannel.open();
        clients.add(c);
        c.configureBlocking(false);
        c.connect(new InetSocketAddress("127.0.0.1", s.port()));
        c.register(selector, SelectionKey.OP_CONNECT, new Client(i));
      }
      assertEquals(CONNECTIONS, drive(selector, 20_000), "connections that got all their bytes back intact");
    } finally {
      for (SocketChannel c : clients) c.close();
    }
  }

  private static final class Client {
    final ByteBuffer request = ByteBuffer.allocate(BYTES);
    final ByteBuffer reply = ByteBuffer.allocate(BYTES);

    Client(int n) {
      for (int i = 0; i < BYTES; i++) request.put(i, (byte) (i * 7 + n));
    }

    boolean intact() {
      return Arrays.equals(request.array(), reply.array());
    }
  }

  /** Connects, writes and reads every client; returns how many got their 16 KiB back intact. */
  private static int drive(Selector selector, long timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    int done = 0;
    while (done < CONNECTIONS && System.nanoTime() < deadline) {
      selector.select(100);
      for (SelectionKey k : selector.selectedKeys()) {
        SocketChannel ch = (SocketChannel) k.channel();
        Client c = (Client) k.attachment();
        if (k.isConnectable() && ch.finishConnect()) k.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
        if (k.isValid() && k.isWritable()) {
          ch.write(c.request);
          if (!c.request.hasRemaining()) k.interestOps(SelectionKey.OP_READ);
        }
        if (k.isValid() && k.isReadable()) {
          if (ch.read(c.reply) < 0) throw new IOException("server closed connection " + c.request.get(0));
          if (!c.reply.hasRemaining()) {
            k.cancel();
            if (c.intact()) done++;
          }
        }
      }
      selector.selectedKeys().clear();
    }
    return done;
  }
}

package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.testing.Await;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that resets its connection (SO_LINGER 0, then close) mid-stream closes that connection with the
 * reset as the error; the server goes on serving others.
 */
abstract class ResetSuite extends PulseSuite {

  @Test
  void resetWhileServerHasBytesQueuedClosesWithTheResetError() throws Exception {
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    Socket victim = connect(s);
    RecordingCallback.ConnRecord conn = cb.awaitOpen();
    conn.conn.write(new byte[16 << 20]); // the client reads none of it
    Await.until(() -> conn.conn.pendingWriteBytes() > 0, Duration.ofSeconds(10), () -> "nothing queued");
    reset(victim);
    assertResetError(conn.awaitClose());
    assertEquals(1, conn.closes.get(), "onClose calls");
    assertServesANewClient(s);
  }

  @Test
  void resetWhileServerIsReadingClosesWithTheResetError() throws Exception {
    AtomicLong received = new AtomicLong();
    RecordingCallback cb = new RecordingCallback((c, msg) -> {
      received.addAndGet(msg.remaining());
      if (msg.get(0) == 'e') c.write(msg);
    });
    PulseServer s = start(server().callback(cb));
    Socket victim = connect(s);
    RecordingCallback.ConnRecord conn = cb.awaitOpen();
    victim.getOutputStream().write(new byte[256 * 1024]);
    Await.until(() -> received.get() == 256 * 1024, Duration.ofSeconds(10), () -> received + " bytes received");
    reset(victim);
    assertResetError(conn.awaitClose());
    Await.until(() -> s.connectionCount() == 0, Duration.ofSeconds(10), () -> s.connectionCount() + " open");
    assertServesANewClient(s);
  }

  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /** NIO reports the JDK's own messages ("Connection reset by peer", "Broken pipe"); native ones name the errno. */
  private void assertResetError(Throwable err) {
    IOException e = assertInstanceOf(IOException.class, err, "onClose error after a reset");
    if (transport() != Transport.NIO) {
      String m = String.valueOf(e.getMessage());
      assertTrue(m.contains("ECONNRESET") || m.contains("EPIPE"), "expected ECONNRESET or EPIPE in: " + m);
    }
  }

  private void assertServesANewClient(PulseServer s) throws Exception {
    Socket next = connect(s);
    next.getOutputStream().write('e');
    assertEquals('e', next.getInputStream().read());
  }
}

package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.TaskType;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * When the peer half-closes, the server stops reading, still sends everything queued (also what onData calls in
 * flight on worker threads write), then closes with {@code onClose(conn, null)}.
 */
abstract class HalfCloseSuite extends PulseSuite {

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void halfClosedClientReceivesTheWholeEchoThenEof(TaskType mode) throws Exception {
    RecordingCallback cb = new RecordingCallback((c, msg) -> {
      if (mode != TaskType.EVENT_LOOP) LockSupport.parkNanos(200_000); // still echoing after the client's FIN
      c.write(msg);
    });
    PulseServer s = start(server().taskType(mode).callback(cb));
    byte[] payload = Payloads.random(1 << 20, 4);
    byte[] got = EchoClient.exchangeThenHalfClose(connect(s), payload, new Random(4));
    assertEquals(payload.length, got.length, "bytes echoed before EOF");
    assertArrayEquals(payload, got);
    assertNull(cb.awaitOpen().awaitClose(), "a half-close is an orderly close");
    cb.assertEachOpenedAndClosedOnce();
  }

  @Test
  void halfCloseWithNothingSentGetsEofAndAnOrderlyClose() throws Exception {
    RecordingCallback cb = RecordingCallback.echo();
    PulseServer s = start(server().callback(cb));
    Socket socket = connect(s);
    socket.shutdownOutput();
    assertEquals(-1, socket.getInputStream().read());
    assertNull(cb.awaitOpen().awaitClose());
    assertEquals(0, cb.records.values().iterator().next().dataCalls.get());
  }

  @Test
  void serverKeepsWritingAfterThePeerHalfClosesUntilItCloses() throws Exception {
    PulseServer s = start(server().callback(new Callback<ByteBuffer>() {
      @Override public void onData(Conn conn, ByteBuffer msg) {
        conn.write(msg);
      }

      @Override public void onInputClosed(Conn conn) {
        assertEquals(true, conn.write("bye".getBytes(StandardCharsets.US_ASCII)), "write after the peer's FIN");
        conn.close();
      }
    }));
    Socket socket = connect(s);
    socket.getOutputStream().write("hello ".getBytes(StandardCharsets.US_ASCII));
    socket.shutdownOutput();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    socket.getInputStream().transferTo(got);
    assertEquals("hello bye", got.toString(StandardCharsets.US_ASCII));
  }
}

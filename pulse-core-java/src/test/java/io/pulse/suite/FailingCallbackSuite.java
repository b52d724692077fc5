package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.TaskType;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A callback that throws closes only its own connection, with that exception; the server carries on. */
abstract class FailingCallbackSuite extends PulseSuite {

  /** True if {@code t} or one of its causes is {@code boom} itself or says "boom". */
  private static boolean isBoom(Throwable t, Throwable boom) {
    for (Throwable e = t; e != null; e = e.getCause()) {
      if (e == boom || String.valueOf(e.getMessage()).contains("boom")) return true;
    }
    return false;
  }

  /** The server closed {@code socket}: EOF, or a reset if the server dropped unread input. */
  private static void assertClosedByServer(Socket socket) throws Exception {
    try {
      assertEquals(-1, socket.getInputStream().read());
    } catch (SocketException reset) {
      assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
    }
  }

  private static void assertEchoes(Socket socket, int b) throws Exception {
    socket.getOutputStream().write(b);
    assertEquals(b, socket.getInputStream().read());
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void closeWithACauseHandsThatCauseToOnCloseAfterTheQueuedReply(TaskType mode) throws Exception {
    IllegalStateException why = new IllegalStateException("bad request from the peer");
    RecordingCallback cb = new RecordingCallback((c, msg) -> {
      c.write(new byte[] {'!'});
      c.close(why);
      c.close(new IllegalStateException("a later reason")); // the first reason stands
    });
    PulseServer s = start(server().taskType(mode).callback(cb));
    Socket socket = connect(s);
    RecordingCallback.ConnRecord rec = cb.awaitOpen();
    socket.getOutputStream().write('x');
    assertEquals('!', socket.getInputStream().read(), "what was queued before close(cause) is sent");
    assertClosedByServer(socket);
    assertTrue(rec.awaitClose() == why, "onClose got " + rec.awaitClose());
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void closeWithACauseFromAnotherThreadReachesOnClose(TaskType mode) throws Exception {
    RecordingCallback cb = new RecordingCallback((c, msg) -> {});
    PulseServer s = start(server().taskType(mode).callback(cb));
    Socket socket = connect(s);
    RecordingCallback.ConnRecord rec = cb.awaitOpen();
    java.io.IOException why = new java.io.IOException("closed by the application");
    CompletableFuture.runAsync(() -> rec.conn.close(why)).get(10, TimeUnit.SECONDS);
    assertClosedByServer(socket);
    assertTrue(rec.awaitClose() == why, "onClose got " + rec.awaitClose());
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void throwingOnDataClosesOnlyThatConnection(TaskType mode) throws Exception {
    RuntimeException boom = new RuntimeException("boom");
    RecordingCallback cb = new RecordingCallback((c, msg) -> {
      if (msg.get(msg.position()) == 'x') throw boom;
      c.write(msg);
    });
    PulseServer s = start(server().taskType(mode).callback(cb));
    Socket good = connect(s);
    RecordingCallback.ConnRecord goodConn = cb.awaitOpen();
    assertEchoes(good, 'a');
    for (int i = 0; i < 10; i++) { // the loop survives repeated failures
      Socket bad = connect(s);
      RecordingCallback.ConnRecord badConn = cb.awaitOpen();
      bad.getOutputStream().write('x');
      assertEquals(-1, bad.getInputStream().read(), "the failed connection is closed");
      Throwable err = badConn.awaitClose();
      assertTrue(isBoom(err, boom), "onClose got " + err);
      assertEchoes(good, 'b' + i);
    }
    assertTrue(goodConn.conn.isOpen());
    assertFalse(goodConn.isClosed());
    assertEquals(1, s.connectionCount(), "only the good connection is left");
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void throwingOnOpenClosesOnlyThatConnection(TaskType mode) throws Exception {
    AtomicInteger opens = new AtomicInteger();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    AtomicInteger dataOnFailed = new AtomicInteger();
    PulseServer s = start(server().taskType(mode).callback(new Callback<ByteBuffer>() {
      @Override public void onOpen(Conn conn) {
        if (opens.getAndIncrement() == 0) {
          conn.session("failed");
          throw new IllegalStateException("boom in onOpen");
        }
      }

      @Override public void onData(Conn conn, ByteBuffer msg) {
        if (conn.session() != null) dataOnFailed.incrementAndGet();
        conn.write(msg);
      }

      @Override public void onClose(Conn conn, Throwable err) {
        if (conn.session() != null) failed.complete(err);
      }
    }));
    Socket bad = connect(s);
    bad.getOutputStream().write('q'); // queued behind the failing onOpen in worker modes: must not reach onData
    Throwable err = failed.get(10, TimeUnit.SECONDS);
    assertNotNull(err);
    assertTrue(isBoom(err, null), "onClose got " + err);
    assertClosedByServer(bad);
    assertEchoes(connect(s), 'z');
    assertEquals(0, dataOnFailed.get(), "onData after a failed onOpen");
  }
}

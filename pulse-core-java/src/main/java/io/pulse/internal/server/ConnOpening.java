package io.pulse.internal.server;

import io.pulse.Conn;
import io.pulse.internal.net.StreamSocket;
import io.pulse.internal.poll.LoopPoller;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * A connection's way to onOpen: a client's connect (with its timeout) and the opener's future, completed when
 * onOpen is due or failed when the connection closes first. Only connections someone waits for (or whose TLS
 * handshake comes first) have one; it is dropped once the connection is announced. Loop thread only.
 */
final class ConnOpening {
  private static final RateLimitedLog handshakeFailureLog = new RateLimitedLog(AbstractConn.log);

  private final ConnImpl conn;
  private CompletableFuture<Conn> connecting; // while the connect is under way
  private CompletableFuture<Conn> opened; // completed just before onOpen

  ConnOpening(ConnImpl conn, CompletableFuture<Conn> opened) {
    this.conn = conn;
    this.opened = opened;
  }

  /** True while the connect is under way (the socket is registered for WRITE). */
  boolean isConnecting() {
    return connecting != null;
  }

  /**
   * Registers the socket whose connect is under way; {@code f} completes once connected (then onOpen follows) or
   * fails (refused, timed out) without any callback.
   */
  void connect(ReadGate gate, CompletableFuture<Conn> f, String target, long timeoutNanos) {
    connecting = f;
    try {
      gate.register(LoopPoller.WRITE);
    } catch (Throwable t) {
      failConnect(t);
      return;
    }
    if (timeoutNanos > 0) {
      conn.loop.schedule(timeoutNanos, () -> {
        if (connecting == f) {
          failConnect(new SocketTimeoutException(
              "connect to " + target + " timed out after " + timeoutNanos / 1_000_000 + " ms"));
        }
      });
    }
  }

  /** The socket became ready while connecting: true if connected (reading now), false if it failed. */
  boolean finishConnect(StreamSocket sock, ReadGate gate) {
    try {
      sock.finishConnect();
      gate.connected();
    } catch (Throwable t) {
      failConnect(t);
      return false;
    }
    opened = connecting;
    connecting = null;
    conn.loop.openConnections.incrementAndGet(); // closing uncounts it
    return true;
  }

  /** The connect failed or was cut short: nobody was told about the connection, so it closes quietly. */
  void failConnect(Throwable t) {
    CompletableFuture<Conn> f = connecting;
    connecting = null;
    conn.abandon();
    f.completeExceptionally(t != null ? t : new AsynchronousCloseException());
  }

  /** onOpen is due: completes the opener's future; false if the opener gave up (cancelled) meanwhile. */
  boolean announce() {
    CompletableFuture<Conn> f = opened;
    opened = null;
    return f == null || f.complete(conn);
  }

  /**
   * The connection closed before onOpen: the opener learns why or, when nobody waits (a server's TLS connection
   * whose handshake failed), the log does.
   */
  void closedBeforeOpen(Throwable err) {
    CompletableFuture<Conn> f = opened;
    opened = null;
    if (f != null) {
      f.completeExceptionally(err != null ? err : new ClosedChannelException());
    } else if (err != null) {
      handshakeFailureLog.warn(() -> "conn " + conn.id + " from " + conn.remoteAddress() + ": TLS handshake failed: " + err);
      AbstractConn.log.debug("conn {}: TLS handshake failed", conn.id, err);
    }
  }

  /** Closes the connection being opened when {@code err} ends it: fails the connect if it is still under way. */
  boolean failIfConnecting(Throwable err) {
    if (connecting == null) return false;
    failConnect(err);
    return true;
  }
}

package io.pulse.internal.server;

import io.pulse.Conn;
import io.pulse.ConnTimeoutException;
import io.pulse.ConnTimeoutException.Kind;
import io.pulse.internal.loop.EventLoop;
import java.util.function.Consumer;

/**
 * A connection's idle timeout, heartbeat and read/write deadlines, as entries on its loop's timer wheel. The idle
 * check does not move on every read: when it fires early it re-arms for the remaining time. Loop thread only.
 */
final class ConnTimers {
  private final ConnImpl conn;
  private final EventLoop loop;
  private final long idleNanos;
  private final long heartbeatNanos;
  private final Consumer<Conn> heartbeat;
  private final Runnable idleCheck = this::checkIdle;
  private final Runnable heartbeatCheck = this::checkHeartbeat;
  private long lastReadNanos = System.nanoTime();
  private int reads;
  private long idleId = -1;
  private long heartbeatId = -1;
  private long readDeadlineId = -1;
  private long writeDeadlineId = -1;

  ConnTimers(ConnImpl conn, EventLoop loop, long idleNanos, long heartbeatNanos, Consumer<Conn> heartbeat) {
    this.conn = conn;
    this.loop = loop;
    this.idleNanos = idleNanos;
    this.heartbeatNanos = heartbeat == null ? 0 : heartbeatNanos;
    this.heartbeat = heartbeat;
  }

  void start() {
    if (idleNanos > 0) idleId = loop.schedule(idleNanos, idleCheck);
    if (heartbeatNanos > 0) heartbeatId = loop.schedule(heartbeatNanos, heartbeatCheck);
  }

  /** Data arrived. */
  void onRead() {
    reads++;
    lastReadNanos = System.nanoTime();
  }

  private void checkIdle() {
    idleId = -1;
    long quiet = System.nanoTime() - lastReadNanos;
    if (quiet >= idleNanos) {
      conn.closeNow(new ConnTimeoutException(Kind.IDLE,
          "conn " + conn.id() + ": nothing read for " + quiet / 1_000_000 + " ms (idleTimeout " + idleNanos / 1_000_000
              + " ms)"));
    } else {
      idleId = loop.schedule(idleNanos - quiet, idleCheck);
    }
  }

  private void checkHeartbeat() {
    heartbeatId = -1;
    long quiet = System.nanoTime() - lastReadNanos;
    if (quiet >= heartbeatNanos) {
      try {
        heartbeat.accept(conn);
      } catch (Throwable t) {
        conn.fail(t);
        return;
      }
      heartbeatId = loop.schedule(heartbeatNanos, heartbeatCheck);
    } else {
      heartbeatId = loop.schedule(heartbeatNanos - quiet, heartbeatCheck);
    }
  }

  void readDeadline(long timeoutNanos) {
    if (readDeadlineId != -1) loop.unschedule(readDeadlineId);
    readDeadlineId = -1;
    if (timeoutNanos <= 0) return;
    int readsAtStart = reads;
    readDeadlineId = loop.schedule(timeoutNanos, () -> {
      readDeadlineId = -1;
      if (reads == readsAtStart) {
        conn.closeNow(new ConnTimeoutException(Kind.READ,
            "conn " + conn.id() + ": no data within the read deadline of " + timeoutNanos / 1_000_000 + " ms"));
      }
    });
  }

  void writeDeadline(long timeoutNanos) {
    if (writeDeadlineId != -1) loop.unschedule(writeDeadlineId);
    writeDeadlineId = -1;
    if (timeoutNanos <= 0) return;
    writeDeadlineId = loop.schedule(timeoutNanos, () -> {
      writeDeadlineId = -1;
      long pending = conn.pendingWriteBytes();
      if (pending > 0) {
        conn.closeNow(new ConnTimeoutException(Kind.WRITE, "conn " + conn.id() + ": " + pending
            + " bytes still unsent at the write deadline of " + timeoutNanos / 1_000_000 + " ms"));
      }
    });
  }

  /** Frees every wheel slot this connection holds (it closed). */
  void cancelAll() {
    for (long id : new long[] {idleId, heartbeatId, readDeadlineId, writeDeadlineId}) {
      if (id != -1) loop.unschedule(id);
    }
    idleId = heartbeatId = readDeadlineId = writeDeadlineId = -1;
  }
}

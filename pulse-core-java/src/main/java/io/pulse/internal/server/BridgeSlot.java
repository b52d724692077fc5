package io.pulse.internal.server;

import io.pulse.Conn;

/**
 * A slot on each connection for a language bridge's per-connection state (pulse-kotlin keeps its coroutine session
 * there), apart from the user's {@link Conn#session()}: one field read per message where a map lookup missed the
 * cache. Also tells a bridge whether it runs on a connection's loop. Not for applications.
 */
public final class BridgeSlot {
  private BridgeSlot() {}

  /** The bridge state of {@code conn}, or null (none set, or a connection of another implementation). */
  public static Object get(Conn conn) {
    return conn instanceof AbstractConn ? ((AbstractConn) conn).bridge : null;
  }

  /** Sets (or with null clears) the bridge state of {@code conn}; false if {@code conn} has no slot. */
  public static boolean set(Conn conn, Object state) {
    if (!(conn instanceof AbstractConn)) return false;
    ((AbstractConn) conn).bridge = state;
    return true;
  }

  /** True when called on {@code conn}'s event loop thread; false elsewhere, or for a connection of another kind. */
  public static boolean onLoopOf(Conn conn) {
    return conn instanceof AbstractConn && ((AbstractConn) conn).loop.inLoop();
  }
}

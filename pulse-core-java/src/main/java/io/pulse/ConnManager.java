package io.pulse;

import java.util.Set;

/**
 * A server's open connections: find by id, count, named groups and broadcast (netman's connect manager, Netty's
 * ChannelGroup). A closed connection leaves every group by itself. All methods are safe from any thread.
 */
public interface ConnManager {

  /** The open connection with this id, or null. */
  Conn find(long id);

  /** Connections open now. */
  int count();

  /**
   * Calls {@code action} for every connection open now (a snapshot: connections opened meanwhile may be missed,
   * closed ones may still be passed, with {@code isOpen()} false). On the calling thread.
   */
  void forEach(java.util.function.Consumer<? super Conn> action);

  /** Adds {@code conn} to {@code group} (created on first use); no-op if it is closed. */
  void join(String group, Conn conn);

  /** Removes {@code conn} from {@code group}. */
  void leave(String group, Conn conn);

  /** A snapshot of {@code group}'s members (empty if none). */
  Set<Conn> members(String group);

  /** Sends {@code msg} (encoded once by the codec; or bytes) to every open connection; returns how many took it. */
  int broadcast(Object msg);

  /** Sends {@code msg} to every member of {@code group}; returns how many took it. */
  int broadcast(String group, Object msg);
}

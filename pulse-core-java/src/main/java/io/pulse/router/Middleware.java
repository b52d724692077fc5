package io.pulse.router;

import io.pulse.Conn;

/**
 * Code around a handler: runs before it, calls {@link Next#proceed()} to go on (or not, to stop the chain), and
 * may run more after.
 */
@FunctionalInterface
public interface Middleware<T> {
  /** Handles {@code msg} on its way to its handler. */
  void handle(Conn conn, T msg, Next next) throws Exception;

  /** The rest of the chain. */
  @FunctionalInterface
  interface Next {
    /** Runs the next middleware, or the handler. */
    void proceed() throws Exception;
  }
}

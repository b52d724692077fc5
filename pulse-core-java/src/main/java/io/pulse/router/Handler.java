package io.pulse.router;

import io.pulse.Conn;

/** Handles one kind of routed message; it may reply through {@code conn}. */
@FunctionalInterface
public interface Handler<T> {
  /** Handles {@code msg} from {@code conn}; a throw closes that connection with the exception. */
  void handle(Conn conn, T msg) throws Exception;
}

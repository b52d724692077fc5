package io.pulse;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The three events of a connection: opened, data arrived, closed. For one connection the calls never overlap
 * and arrive in order (open, data..., close), on the thread the {@link TaskType} chooses.
 *
 * <p>A callback that throws closes that connection with the thrown exception; other connections carry on.
 *
 * @param <T> the message type: {@link java.nio.ByteBuffer} for a raw byte stream
 */
public interface Callback<T> {

  /** Called once when the connection is ready; writes are allowed from here on. */
  default void onOpen(Conn conn) {}

  /**
   * Called with each message read. A {@link java.nio.ByteBuffer} is only valid during this call in
   * {@link TaskType#EVENT_LOOP} mode: copy what you keep (writing it back with {@link Conn#write} copies).
   */
  void onData(Conn conn, T msg);

  /**
   * Called when the peer has finished sending (end of stream, a half-close). The default closes the connection
   * once what is queued is sent; override to keep writing (a proxy calls {@link Conn#shutdownOutput()} on its
   * other side) and close later.
   */
  default void onInputClosed(Conn conn) {
    conn.close();
  }

  /**
   * Called when a connection that had gone over its high water mark ({@link Conn#isWritable()} false) has drained
   * to its low water mark: the moment to resume a paused producer (see {@link Conn#pauseReading()}).
   */
  default void onWritable(Conn conn) {}

  /**
   * Called for each open connection when its server starts shutting down ({@code shutdownGracefully} or
   * {@code close}), just before it closes the connection: the moment to say goodbye (a WebSocket sends 1001 Going
   * Away). Runs on the connection's loop thread, perhaps alongside another callback in the worker task modes: use only
   * thread-safe methods. The default does nothing.
   */
  default void onServerShutdown(Conn conn) {}

  /** Called once when the connection is gone: {@code err} is null after an orderly close, else the cause. */
  default void onClose(Conn conn, Throwable err) {}

  /** A callback made of lambdas; {@code onOpen} and {@code onClose} may be null. */
  static <T> Callback<T> of(Consumer<Conn> onOpen, BiConsumer<Conn, T> onData, BiConsumer<Conn, Throwable> onClose) {
    Objects.requireNonNull(onData, "onData");
    return new Callback<>() {
      @Override public void onOpen(Conn conn) { if (onOpen != null) onOpen.accept(conn); }
      @Override public void onData(Conn conn, T msg) { onData.accept(conn, msg); }
      @Override public void onClose(Conn conn, Throwable err) { if (onClose != null) onClose.accept(conn, err); }
    };
  }

  /** A callback with only an {@code onData} handler. */
  static <T> Callback<T> of(BiConsumer<Conn, T> onData) {
    return of(null, onData, null);
  }
}

package io.pulse.internal.server;

import io.pulse.Callback;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Delivers a connection's events to the user's {@link Callback} on the threads its task mode chooses. Called on
 * the loop thread; every callback goes through one of the {@code call} methods, where a throwing callback closes only
 * its connection.
 */
abstract class Dispatcher {
  final Callback<Object> callback;

  Dispatcher(Callback<Object> callback) {
    this.callback = callback;
  }

  /** A per-connection executor, or null when callbacks run on the loop. */
  abstract SerialExecutor newSerial();

  abstract void open(ConnImpl c);

  /** {@code buf[0, n)} was read; it is reused after this returns. */
  abstract void data(ConnImpl c, ByteBuffer buf, int n);

  /** A message decoded by the connection's codec. */
  abstract void message(ConnImpl c, Object msg);

  /** The peer finished sending: close once the callbacks in flight are done and the output is flushed. */
  abstract void eof(ConnImpl c);

  abstract void closed(ConnImpl c, Throwable err);

  /** The connection drained below its low water mark after being unwritable. */
  abstract void writable(ConnImpl c);

  // One method per event rather than one switch: the JIT compiles the data path on its own, so a connection's first
  // open or end of stream (rare while a server warms up on a few long connections) does not throw it away.

  /** Runs onOpen (it has no earlier callback to have failed); a throw closes {@code c} with it. */
  final void callOpen(ConnImpl c) {
    try {
      callback.onOpen(c);
    } catch (Throwable t) {
      c.fail(t);
    }
  }

  /** Runs onData unless a callback of {@code c} already failed; a throw closes {@code c} with it. */
  final void callData(ConnImpl c, Object msg) {
    if (c.failed()) return;
    try {
      callback.onData(c, msg);
    } catch (Throwable t) {
      c.fail(t);
    }
  }

  /**
   * Runs onInputClosed ({@code inputClosed}) or onWritable unless a callback of {@code c} already failed; a throw
   * closes {@code c} with it. The rare events share a method: the JIT may recompile it, not the data path.
   */
  final void callRare(ConnImpl c, boolean inputClosed) {
    if (c.failed()) return;
    try {
      if (inputClosed) {
        callback.onInputClosed(c);
      } else {
        callback.onWritable(c);
      }
    } catch (Throwable t) {
      c.fail(t);
    }
  }

  /** Runs onClose; a throw there is only logged (the connection is gone). */
  final void callClosed(ConnImpl c, Throwable err) {
    try {
      callback.onClose(c, err);
    } catch (Throwable t) {
      ConnImpl.log.warn("onClose of conn {} threw", c.id(), t);
    }
  }

  /** Callbacks on the loop thread (EVENT_LOOP). */
  static final class InLoop extends Dispatcher {
    InLoop(Callback<Object> callback) {
      super(callback);
    }

    @Override SerialExecutor newSerial() { return null; }

    @Override void open(ConnImpl c) { callOpen(c); }

    @Override
    void data(ConnImpl c, ByteBuffer buf, int n) {
      buf.limit(n).position(0);
      callData(c, buf);
    }

    @Override void message(ConnImpl c, Object msg) { callData(c, msg); }

    @Override void eof(ConnImpl c) { callRare(c, true); }

    @Override void writable(ConnImpl c) { callRare(c, false); }

    @Override
    void closed(ConnImpl c, Throwable err) {
      // Deferred to the next task turn so onClose never runs inside another callback of the same connection.
      c.loop.execute(() -> callClosed(c, err));
    }
  }

  /** Callbacks on a connection's {@link SerialExecutor} (WORKER_POOL and PER_CONNECTION). */
  static final class Serial extends Dispatcher {
    /** Each decoded message in flight counts as this many bytes against the water marks. */
    private static final int MESSAGE_WEIGHT = 1024;

    private final Executor executor;

    Serial(Callback<Object> callback, Executor executor) {
      super(callback);
      this.executor = executor;
    }

    @Override SerialExecutor newSerial() { return new SerialExecutor(executor); }

    @Override void open(ConnImpl c) { c.serial.execute(() -> callOpen(c)); }

    @Override
    void data(ConnImpl c, ByteBuffer buf, int n) {
      byte[] copy = new byte[n];
      buf.get(0, copy, 0, n);
      handOver(c, ByteBuffer.wrap(copy), n);
    }

    @Override void message(ConnImpl c, Object msg) { handOver(c, msg, MESSAGE_WEIGHT); }

    /** Runs onData on the connection's executor, counting {@code weight} against its inbound water marks. */
    private void handOver(ConnImpl c, Object msg, int weight) {
      c.inbound.added(weight);
      c.serial.execute(() -> {
        try {
          callData(c, msg);
        } finally {
          c.inbound.consumed(weight);
        }
      });
    }

    @Override void eof(ConnImpl c) { c.serial.execute(() -> callRare(c, true)); }

    @Override void writable(ConnImpl c) { c.serial.execute(() -> callRare(c, false)); }

    @Override void closed(ConnImpl c, Throwable err) { c.serial.execute(() -> callClosed(c, err)); }
  }
}

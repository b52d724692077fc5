package io.pulse.internal.server;

import io.pulse.Callback;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Delivers a connection's events to the user's {@link Callback} on the threads its task mode chooses. Called on
 * the loop thread; a throwing callback closes only its connection.
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

  /** Callbacks on the loop thread (EVENT_LOOP). */
  static final class InLoop extends Dispatcher {
    InLoop(Callback<Object> callback) {
      super(callback);
    }

    @Override SerialExecutor newSerial() { return null; }

    @Override
    void open(ConnImpl c) {
      try {
        callback.onOpen(c);
      } catch (Throwable t) {
        c.fail(t);
      }
    }

    @Override
    void data(ConnImpl c, ByteBuffer buf, int n) {
      buf.limit(n).position(0);
      try {
        callback.onData(c, buf);
      } catch (Throwable t) {
        c.fail(t);
      }
    }

    @Override
    void message(ConnImpl c, Object msg) {
      try {
        callback.onData(c, msg);
      } catch (Throwable t) {
        c.fail(t);
      }
    }

    @Override
    void eof(ConnImpl c) {
      try {
        callback.onInputClosed(c);
      } catch (Throwable t) {
        c.fail(t);
      }
    }

    @Override
    void writable(ConnImpl c) {
      try {
        callback.onWritable(c);
      } catch (Throwable t) {
        c.fail(t);
      }
    }

    @Override
    void closed(ConnImpl c, Throwable err) {
      // Deferred to the next task turn so onClose never runs inside another callback of the same connection.
      c.loop.execute(() -> {
        try {
          callback.onClose(c, err);
        } catch (Throwable t) {
          ConnImpl.log.warn("onClose of conn {} threw", c.id(), t);
        }
      });
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

    @Override
    void open(ConnImpl c) {
      c.serial.execute(() -> {
        try {
          callback.onOpen(c);
        } catch (Throwable t) {
          c.fail(t);
        }
      });
    }

    @Override
    void data(ConnImpl c, ByteBuffer buf, int n) {
      byte[] copy = new byte[n];
      buf.get(0, copy, 0, n);
      c.inbound.added(n);
      c.serial.execute(() -> {
        try {
          if (!c.failed()) callback.onData(c, ByteBuffer.wrap(copy));
        } catch (Throwable t) {
          c.fail(t);
        } finally {
          c.inbound.consumed(n);
        }
      });
    }

    @Override
    void message(ConnImpl c, Object msg) {
      c.inbound.added(MESSAGE_WEIGHT);
      c.serial.execute(() -> {
        try {
          if (!c.failed()) callback.onData(c, msg);
        } catch (Throwable t) {
          c.fail(t);
        } finally {
          c.inbound.consumed(MESSAGE_WEIGHT);
        }
      });
    }

    @Override
    void eof(ConnImpl c) {
      c.serial.execute(() -> {
        try {
          if (c.failed()) return;
          callback.onInputClosed(c);
        } catch (Throwable t) {
          c.fail(t);
        }
      });
    }

    @Override
    void writable(ConnImpl c) {
      c.serial.execute(() -> {
        try {
          if (!c.failed()) callback.onWritable(c);
        } catch (Throwable t) {
          c.fail(t);
        }
      });
    }

    @Override
    void closed(ConnImpl c, Throwable err) {
      c.serial.execute(() -> {
        try {
          callback.onClose(c, err);
        } catch (Throwable t) {
          ConnImpl.log.warn("onClose of conn {} threw", c.id(), t);
        }
      });
    }
  }
}

package io.pulse.internal.unix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.File;

/**
 * kqueue and kevent through JNA direct mapping: from the C library on macOS; elsewhere from the libkqueue named
 * by the system property {@code pulse.kqueue.library} or the environment variable {@code PULSE_KQUEUE_LIBRARY}
 * (for tests on Linux). Loading fails with a clear error when neither names a file.
 */
public final class KqueueNative {
  static {
    Native.register(KqueueNative.class, NativeLibrary.getInstance(library()));
  }

  private KqueueNative() {}

  /** The library to load. */
  static String library() {
    if (Platform.isMac() || Platform.isFreeBSD()) return Platform.C_LIBRARY_NAME;
    String path = System.getProperty("pulse.kqueue.library", System.getenv("PULSE_KQUEUE_LIBRARY"));
    if (path == null || !new File(path).isFile()) {
      throw new UnsatisfiedLinkError("no kqueue here: set pulse.kqueue.library (or PULSE_KQUEUE_LIBRARY) to a "
          + "libkqueue build" + (path == null ? "" : "; not a file: " + path));
    }
    return path;
  }

  public static native int kqueue();

  public static native int kevent(int kq, long changes, int nchanges, long events, int nevents, long timeout);

  /** libkqueue (Linux) frees a closed kqueue in the background: wait for that, so fds are released on return. */
  public static void drainPendingClose() {
    if (Platform.isMac() || Platform.isFreeBSD()) return;
    LibkqueueDrain.drain();
  }

  /** libkqueue's extra entry point, registered only where libkqueue is the library. */
  private static final class LibkqueueDrain {
    static {
      Native.register(LibkqueueDrain.class, NativeLibrary.getInstance(library()));
    }

    static native void libkqueue_drain_pending_close();

    static void drain() {
      libkqueue_drain_pending_close();
    }
  }
}

package io.pulse.internal.unix;

import java.io.IOException;

/** An I/O error from a native call, carrying its errno. Connection resets are made without a stack trace. */
public final class NativeIoException extends IOException {
  private final int errno;

  NativeIoException(String message, int errno, boolean stackTrace) {
    super(message, null);
    this.errno = errno;
    if (!stackTrace) setStackTrace(new StackTraceElement[0]);
  }

  /** The errno value. */
  public int errno() {
    return errno;
  }
}

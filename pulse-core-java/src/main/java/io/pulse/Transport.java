package io.pulse;

import io.pulse.internal.poll.Transports;

/** The readiness mechanism under the event loops. */
public enum Transport {
  /** The best one that loads here: EPOLL on Linux, KQUEUE on macOS, NIO otherwise. */
  AUTO,
  /** Linux epoll through JNA. */
  EPOLL,
  /**
   * Linux io_uring through JNA (kernel 6.0+): connections receive through multishot recv into provided buffers, one
   * {@code io_uring_enter} per loop turn. Edge triggering does not apply (it behaves as level).
   */
  IO_URING,
  /** BSD/macOS kqueue through JNA (on Linux only with libkqueue, for tests). */
  KQUEUE,
  /** The JDK's java.nio Selector: works everywhere. */
  NIO;

  /** True if this transport can run here ({@link #AUTO} and {@link #NIO} always can). */
  public boolean isAvailable() {
    return Transports.unavailabilityCause(this) == null;
  }
}

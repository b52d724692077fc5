package io.pulse.internal.poll;

import java.io.Closeable;
import java.io.IOException;

/**
 * The readiness multiplexer of one event loop (epoll, kqueue or a NIO Selector). Loop thread only, except
 * {@link #wakeup()}. Ready handlers are called from inside {@link #poll}.
 */
public interface LoopPoller extends Closeable {
  /** Interest and readiness bit: readable (or acceptable). */
  int READ = 1;
  /** Interest and readiness bit: writable (or connected). */
  int WRITE = 2;
  /** Readiness bit only: an error or hang-up was reported, even without interest. */
  int ERROR = 4;
  /**
   * Readiness bit only: the peer hung up (epoll's EPOLLRDHUP/EPOLLHUP, kqueue's EV_EOF on the read filter), or may
   * have unseen (a read-again turn). No further edge announces an end of stream already reported, so an
   * edge-triggered reader seeing it reads on past a short read, to EAGAIN or the end of stream.
   */
  int HANGUP = 8;
  /** Readiness bits from here up carry an errno the poller reported with ERROR (kqueue's EV_EOF fflags), or 0. */
  int ERRNO_SHIFT = 16;

  /** Starts watching {@code p} for {@code interest} (READ|WRITE, or 0). */
  void register(Pollable p, int interest) throws IOException;

  /** Replaces the interest of a registered {@code p}. */
  void modify(Pollable p, int interest) throws IOException;

  /** Stops watching {@code p}; call before closing its fd. */
  void deregister(Pollable p) throws IOException;

  /**
   * Waits up to {@code timeoutMillis} (-1: no limit, 0: don't wait) and calls {@link Pollable#onReady} for each
   * ready registration. Returns the number of events handled; a wake-up alone counts as none.
   */
  int poll(int timeoutMillis) throws IOException;

  /** Makes a blocked or the next {@link #poll} return soon. Any thread. */
  void wakeup();

  /** True if registrations are edge-triggered (the owner must read and write until EAGAIN). */
  boolean isEdgeTriggered();
}

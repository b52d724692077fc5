package io.pulse.core;

import java.io.IOException;
import java.nio.channels.SelectableChannel;

/** One registration with a {@link Poller}: an fd or channel, its interest and an attachment. */
public interface Key {

  /** The native fd, or -1 on the NIO transport. */
  int fd();

  /** The channel registered, or null for a bare fd. */
  SelectableChannel channel();

  /** The object given at registration. */
  Object attachment();

  /** The current interest: {@link Poller#READ}, {@link Poller#WRITE}, both, or 0. */
  int interest();

  /** Changes the interest; skips the system call when unchanged. Poll thread (or before polling starts). */
  void interest(int ops) throws IOException;

  /** Stops watching; the fd or channel stays open (closing it is the caller's job). Idempotent. */
  void cancel() throws IOException;
}

package io.pulse.internal.poll;

import java.nio.channels.SelectableChannel;

/**
 * Something a {@link Poller} watches: a native fd or a NIO channel, and the code to run when it is ready.
 * Owned by one event loop; {@link #onReady} runs on that loop's thread.
 */
public abstract class Pollable {
  /** The native file descriptor, or -1 for a NIO channel. */
  public final int fd;
  /** The NIO channel, or null for a native fd. */
  public final SelectableChannel channel;
  /** Poller-private registration state (a NIO SelectionKey). */
  Object registration;

  protected Pollable(int fd, SelectableChannel channel) {
    this.fd = fd;
    this.channel = channel;
  }

  /** Handles readiness: a mix of {@link Poller#READ}, {@link Poller#WRITE} and {@link Poller#ERROR}. */
  public abstract void onReady(int readyOps);
}

package io.pulse.internal.poll;

import java.nio.channels.SelectableChannel;

/**
 * Something a {@link LoopPoller} watches: a native fd or a NIO channel, and the code to run when it is ready.
 * Owned by one event loop; {@link #onReady} runs on that loop's thread.
 */
public abstract class Pollable {
  /** The native file descriptor, or -1 for a NIO channel. */
  public final int fd;
  /** The NIO channel, or null for a native fd. */
  public final SelectableChannel channel;
  /** LoopPoller-private registration state (a NIO SelectionKey). */
  Object registration;

  protected Pollable(int fd, SelectableChannel channel) {
    this.fd = fd;
    this.channel = channel;
  }

  /**
   * The socket a completion-based poller may receive and send for (see {@link Inbox}, {@link Outbox}), or null to
   * be told readiness only.
   */
  public CompletionSocket completionSocket() {
    return null;
  }

  /** Handles readiness: a mix of {@link LoopPoller#READ}, {@link LoopPoller#WRITE} and {@link LoopPoller#ERROR}. */
  public abstract void onReady(int readyOps);
}

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
  /** Waiting in its loop's read-again queue. Loop thread only. */
  private boolean readAgainQueued;

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

  /**
   * Marks this as waiting in its loop's read-again queue; false if it already was (one entry each, so a connection
   * asked to read again from several places still reads at most one more turn). Loop thread.
   */
  public final boolean enterReadAgain() {
    if (readAgainQueued) return false;
    readAgainQueued = true;
    return true;
  }

  /** Its read-again turn came: it may be queued again. Loop thread. */
  public final void leaveReadAgain() {
    readAgainQueued = false;
  }

  /** Handles readiness: a mix of {@link LoopPoller#READ}, {@link LoopPoller#WRITE} and {@link LoopPoller#ERROR}. */
  public abstract void onReady(int readyOps);
}

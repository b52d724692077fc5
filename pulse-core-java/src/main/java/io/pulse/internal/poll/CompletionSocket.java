package io.pulse.internal.poll;

/**
 * A socket whose input and output a completion-based poller (io_uring) can carry: reads then come from the
 * {@link Inbox} it fills, writes go through the {@link Outbox} it submits.
 */
public interface CompletionSocket {
  /** From now on, read from {@code inbox} and write through {@code outbox}; nulls: back to plain calls. */
  void attach(Inbox inbox, Outbox outbox);
}

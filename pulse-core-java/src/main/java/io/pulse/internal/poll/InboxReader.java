package io.pulse.internal.poll;

/** A socket that can read from an {@link Inbox} its poller fills, instead of calling read itself. */
public interface InboxReader {
  /** From now on, reads come from {@code inbox}; null: back to reading the socket directly. */
  void inbox(Inbox inbox);
}

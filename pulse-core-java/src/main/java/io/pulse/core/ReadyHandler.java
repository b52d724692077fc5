package io.pulse.core;

/** Receives each ready registration from {@link Poller#poll}. */
@FunctionalInterface
public interface ReadyHandler {

  /**
   * {@code ops} holds {@link Poller#READ} and/or {@link Poller#WRITE}; {@code error} is true when the kernel
   * reported an error or hang-up (the next read or write says which).
   */
  void ready(Key key, int ops, boolean error);
}

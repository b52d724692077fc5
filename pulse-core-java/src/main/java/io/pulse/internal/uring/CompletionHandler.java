package io.pulse.internal.uring;

/** Receives completions drained from a {@link Ring}, on the ring's thread; must not drain the ring itself. */
@FunctionalInterface
public interface CompletionHandler {
  /** One CQE: the op's user data, its result ({@code -errno} on failure) and the CQE flags (see {@link Uring}). */
  void onCompletion(long userData, int res, int flags);
}

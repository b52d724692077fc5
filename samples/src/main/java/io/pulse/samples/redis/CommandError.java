package io.pulse.samples.redis;

/** A command failed with a Redis error reply such as {@code ERR syntax error}; the connection stays open. */
final class CommandError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandError(String reply) {
    super(reply, null, false, false); // a reply, not a crash: no stack trace
  }
}

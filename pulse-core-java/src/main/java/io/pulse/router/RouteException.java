package io.pulse.router;

/** A route's handler or middleware threw a checked exception; the connection is closed with this. */
public final class RouteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Wraps {@code cause} with the message id in the message. */
  public RouteException(String message, Throwable cause) {
    super(message, cause);
  }
}

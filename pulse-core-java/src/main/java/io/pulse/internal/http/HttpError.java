package io.pulse.internal.http;

/** A request the server refuses: the status to answer with and a message saying why. The connection then closes. */
final class HttpError extends Exception {
  final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}

package io.pulse.http;

/** Answers one HTTP request; runs on the connection's callback thread (see {@link io.pulse.TaskType}). */
@FunctionalInterface
public interface HttpHandler {

  /** Returns the response to {@code request}; a thrown exception becomes a 500 and closes the connection. */
  HttpResponse handle(HttpRequest request) throws Exception;
}

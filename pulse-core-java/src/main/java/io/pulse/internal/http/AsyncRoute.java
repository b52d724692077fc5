package io.pulse.internal.http;

import io.pulse.http.HttpHandler;
import io.pulse.http.HttpRequest;
import io.pulse.http.HttpResponse;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A route answered later (the Kotlin DSL's suspending handlers): the session stops parsing and pauses reading until
 * the stage completes, then answers on the connection's loop and goes on. For EVENT_LOOP callbacks only.
 */
public final class AsyncRoute implements HttpHandler {
  final Function<HttpRequest, CompletionStage<HttpResponse>> handler;

  public AsyncRoute(Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
    this.handler = java.util.Objects.requireNonNull(handler, "handler");
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    throw new UnsupportedOperationException("an AsyncRoute is answered by HttpSession");
  }
}

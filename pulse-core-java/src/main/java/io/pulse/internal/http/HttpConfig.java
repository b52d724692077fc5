package io.pulse.internal.http;

import io.pulse.http.HttpHandler;
import io.pulse.websocket.WebSocketCallback;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** An HTTP server's routes and limits, fixed once built; read by every connection's session. */
public final class HttpConfig {
  public final Map<String, Map<String, HttpHandler>> routes = new HashMap<>(); // path -> method -> handler
  public final Map<String, WebSocketCallback> webSockets = new HashMap<>();    // path -> callback
  public int maxRequestLineBytes = 8 * 1024;
  public int maxHeaderBytes = 16 * 1024;
  public int maxBodyBytes = 1024 * 1024;
  public int maxMessageBytes = 16 * 1024 * 1024;
  public Duration firstRequestTimeout = Duration.ofSeconds(10);
  public Duration requestTimeout = Duration.ofSeconds(30);
  public Duration closeTimeout = Duration.ofSeconds(5);
  public java.util.Set<String> allowedOrigins = java.util.Set.of(); // lower case; empty: any
  public java.util.List<String> subprotocols = java.util.List.of();  // server preference order

  /** A copy, so a builder can go on changing. */
  public HttpConfig copy() {
    HttpConfig c = new HttpConfig();
    routes.forEach((p, m) -> c.routes.put(p, Map.copyOf(m)));
    c.webSockets.putAll(webSockets);
    c.maxRequestLineBytes = maxRequestLineBytes;
    c.maxHeaderBytes = maxHeaderBytes;
    c.maxBodyBytes = maxBodyBytes;
    c.maxMessageBytes = maxMessageBytes;
    c.firstRequestTimeout = firstRequestTimeout;
    c.requestTimeout = requestTimeout;
    c.closeTimeout = closeTimeout;
    c.allowedOrigins = allowedOrigins;
    c.subprotocols = subprotocols;
    return c;
  }
}

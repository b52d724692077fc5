package io.pulse.http;

import io.pulse.Conn;
import java.util.List;
import java.util.Map;

/**
 * One parsed HTTP/1.x request: request line, headers and its whole body. Valid only during
 * {@link HttpHandler#handle}; copy what you keep.
 */
public interface HttpRequest {

  /** The method as sent, e.g. {@code GET}. */
  String method();

  /** The request target up to (not including) {@code '?'}, e.g. {@code /search}. */
  String path();

  /** The part of the target after {@code '?'}, or null if there is none. */
  String query();

  /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
  String version();

  /** The first value of header {@code name} (case-insensitive), or null. */
  String header(String name);

  /** Every header in the order received, names as sent. */
  List<Map.Entry<String, String>> headers();

  /** The body (empty without Content-Length). */
  byte[] body();

  /** The body decoded as UTF-8. */
  String bodyText();

  /** The connection the request arrived on. */
  Conn conn();
}

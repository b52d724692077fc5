package io.pulse.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP response: status, headers and a body. The server adds {@code Content-Length}, {@code Date} and, when it
 * closes the connection, {@code Connection: close}. Not thread-safe; build one per request.
 */
public final class HttpResponse {
  private final int status;
  private final List<String> headers = new ArrayList<>(4); // name, value, name, value...
  private byte[] body = EMPTY;
  private static final byte[] EMPTY = new byte[0];

  private HttpResponse(int status) {
    if (status < 100 || status > 999) throw new IllegalArgumentException("status not 3 digits: " + status);
    this.status = status;
  }

  /** A response with {@code status} and no body. */
  public static HttpResponse of(int status) {
    return new HttpResponse(status);
  }

  /** 200 with {@code text} as {@code text/plain; charset=utf-8}. */
  public static HttpResponse ok(String text) {
    return text(200, text);
  }

  /** {@code status} with {@code text} as {@code text/plain; charset=utf-8}. */
  public static HttpResponse text(int status, String text) {
    return new HttpResponse(status).body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  /** 200 with {@code html} as {@code text/html; charset=utf-8}. */
  public static HttpResponse html(String html) {
    return new HttpResponse(200).body(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
  }

  /** Adds a header (names and values must be ISO-8859-1 without CR or LF). */
  public HttpResponse header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("CR or LF in header " + name);
    }
    headers.add(name);
    headers.add(value);
    return this;
  }

  /** Sets the body (not copied) and its {@code Content-Type}. */
  public HttpResponse body(byte[] body, String contentType) {
    this.body = Objects.requireNonNull(body, "body");
    return header("Content-Type", contentType);
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** The body (not a copy). */
  public byte[] body() {
    return body;
  }

  /** The headers added so far, as name, value, name, value... */
  public List<String> headerList() {
    return headers;
  }
}

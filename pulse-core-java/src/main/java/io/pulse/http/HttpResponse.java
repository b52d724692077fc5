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

  /**
   * Adds a header. The name must be an RFC 9110 token; the value ISO-8859-1 without control characters but tab: CR,
   * LF or NUL (header injection, response splitting) throw IllegalArgumentException and nothing is added.
   */
  public HttpResponse header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) throw new IllegalArgumentException("empty header name");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!token(c)) throw new IllegalArgumentException("header name " + quoted(name) + ": not a token at index " + i);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF) {
        throw new IllegalArgumentException("header " + name + ": character " + quoted(String.valueOf(c))
            + " not allowed in a value (index " + i + ")");
      }
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

  private static boolean token(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static String quoted(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) b.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    return b.append('"').toString();
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

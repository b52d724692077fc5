package io.pulse.internal.http;

import io.pulse.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * Writes responses for one connection into a reused byte array, so pipelined responses to one read leave in one
 * write. Single-threaded.
 */
final class ResponseEncoder {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);
  private static volatile CachedDate date = new CachedDate(0, "");
  private byte[] out = new byte[512];
  private int len;

  /** Appends {@code r}; {@code head}: no body bytes; {@code close}: adds {@code Connection: close}. */
  void encode(HttpResponse r, boolean head, boolean close, boolean http10KeepAlive) {
    int status = r.status();
    ascii("HTTP/1.1 ");
    ascii(Integer.toString(status)); // small cached strings for 3-digit ints are cheap enough
    put((byte) ' ');
    ascii(reason(status));
    ascii("\r\nDate: ");
    ascii(date());
    boolean noBody = status < 200 || status == 204 || status == 304;
    if (!noBody) {
      ascii("\r\nContent-Length: ");
      ascii(Integer.toString(r.body().length));
    }
    List<String> h = r.headerList();
    for (int i = 0; i < h.size(); i += 2) {
      ascii("\r\n");
      ascii(h.get(i));
      ascii(": ");
      ascii(h.get(i + 1));
    }
    if (close) ascii("\r\nConnection: close");
    else if (http10KeepAlive) ascii("\r\nConnection: keep-alive");
    ascii("\r\n\r\n");
    if (!head && !noBody) put(r.body(), 0, r.body().length);
  }

  /** Appends raw bytes (an interim {@code 100 Continue}). */
  void raw(String s) {
    ascii(s);
  }

  byte[] bytes() { return out; }

  int length() { return len; }

  /** Forgets what was written; shrinks a buffer a big body grew. */
  void reset() {
    len = 0;
    if (out.length > 64 * 1024) out = new byte[512];
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      out[len++] = (byte) (c < 256 ? c : '?');
    }
  }

  private void put(byte b) {
    ensure(1);
    out[len++] = b;
  }

  private void put(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, out, len, n);
    len += n;
  }

  private void ensure(int n) {
    if (len + n > out.length) out = Arrays.copyOf(out, Math.max(len + n, out.length * 2));
  }

  /** The IMF-fixdate of this second, formatted at most once a second. */
  private static String date() {
    long sec = System.currentTimeMillis() / 1000;
    CachedDate d = date;
    if (d.second != sec) {
      d = new CachedDate(sec, IMF_FIXDATE.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(sec), ZoneOffset.UTC)));
      date = d;
    }
    return d.text;
  }

  private record CachedDate(long second, String text) {}

  static String reason(int status) {
    switch (status) {
      case 100: return "Continue";
      case 101: return "Switching Protocols";
      case 200: return "OK";
      case 201: return "Created";
      case 204: return "No Content";
      case 301: return "Moved Permanently";
      case 302: return "Found";
      case 304: return "Not Modified";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 408: return "Request Timeout";
      case 413: return "Content Too Large";
      case 414: return "URI Too Long";
      case 426: return "Upgrade Required";
      case 431: return "Request Header Fields Too Large";
      case 500: return "Internal Server Error";
      case 501: return "Not Implemented";
      case 503: return "Service Unavailable";
      case 505: return "HTTP Version Not Supported";
      default: return "Status " + status;
    }
  }
}

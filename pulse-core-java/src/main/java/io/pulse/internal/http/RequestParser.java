package io.pulse.internal.http;

import io.pulse.Conn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental HTTP/1.x request parser for one connection: bytes in any split (one at a time works), requests out in
 * order, in time linear in their size (the searches for the request line's and the head's ends resume where they
 * stopped). Strict where RFC 9112 lets requests be read two ways (smuggling): Content-Length with
 * Transfer-Encoding, differing or non-numeric lengths, obs-fold, whitespace before a colon, a bare CR or a
 * non-token header name are 400. Enforces the request-line (414), header (431) and body (413) limits; refuses Transfer-Encoding (501).
 * Accepts bare LF line ends. Single-threaded.
 */
final class RequestParser {
  private final Conn conn;
  private final HttpConfig cfg;
  private byte[] buf = new byte[1024];
  private int start, end;
  private int lineEnd = -1; // index of the request line's LF, once seen
  private int scan;         // where the search for the head's end resumes
  private ParsedRequest pending; // head parsed, body still arriving
  private int bodyFilled;

  RequestParser(Conn conn, HttpConfig cfg) {
    this.conn = conn;
    this.cfg = cfg;
  }

  /** Appends bytes read from the peer. */
  void append(ByteBuffer in) {
    int n = in.remaining();
    if (start == end) start = end = scan = 0;
    if (end + n > buf.length) {
      if (start > 0) { // compact first
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        if (lineEnd >= 0) lineEnd -= start;
        scan = Math.max(0, scan - start);
        start = 0;
      }
      if (end + n > buf.length) buf = Arrays.copyOf(buf, Math.max(end + n, buf.length * 2));
    }
    in.get(buf, end, n);
    end += n;
  }

  /** The next whole request, or null until more bytes arrive. */
  ParsedRequest next() throws HttpError {
    if (pending == null && !head()) return null;
    ParsedRequest r = pending;
    int n = Math.min(r.body.length - bodyFilled, end - start);
    System.arraycopy(buf, start, r.body, bodyFilled, n);
    bodyFilled += n;
    start += n;
    if (bodyFilled < r.body.length) return null;
    pending = null;
    return r;
  }

  /** The bytes after the last request (after an upgrade they belong to the new protocol). */
  ByteBuffer rest() {
    return ByteBuffer.wrap(buf, start, end - start);
  }

  /** True while bytes of an unfinished request are held (a partial head or body). */
  boolean hasInput() {
    return pending != null || start < end;
  }

  /** The request whose head arrived and whose body is still coming, or null (for {@code 100 Continue}). */
  ParsedRequest pendingHead() {
    return pending;
  }

  private boolean head() throws HttpError {
    if (lineEnd < 0) {
      while (start < end && (buf[start] == '\r' || buf[start] == '\n')) start++; // empty lines before a request
      for (int i = Math.max(scan, start); i < end; i++) { // resumes where the last read's search stopped
        if (buf[i] == '\n') {
          lineEnd = i;
          break;
        }
      }
      int lineLen = (lineEnd < 0 ? end : lineEnd) - start;
      if (lineLen > cfg.maxRequestLineBytes) {
        throw new HttpError(414, "request line longer than " + cfg.maxRequestLineBytes + " bytes");
      }
      if (lineEnd < 0) {
        scan = end;
        return false;
      }
      scan = lineEnd;
    }
    int headEnd = -1;
    for (int i = Math.max(scan, lineEnd); i < end; i++) {
      if (buf[i] != '\n') continue;
      if (i + 1 < end && buf[i + 1] == '\n') {
        headEnd = i + 2;
        break;
      }
      if (i + 2 < end && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
        headEnd = i + 3;
        break;
      }
    }
    if (headEnd < 0) {
      if (end - lineEnd > cfg.maxHeaderBytes) {
        throw new HttpError(431, "request header fields larger than " + cfg.maxHeaderBytes + " bytes");
      }
      scan = Math.max(lineEnd, end - 2);
      return false;
    }
    if (headEnd - lineEnd > cfg.maxHeaderBytes + 2) {
      throw new HttpError(431, "request header fields larger than " + cfg.maxHeaderBytes + " bytes");
    }
    ParsedRequest r = new ParsedRequest(conn);
    requestLine(r, start, trimCr(start, lineEnd));
    headers(r, lineEnd + 1, headEnd);
    start = headEnd;
    scan = headEnd;
    lineEnd = -1;
    if (r.contentLength > cfg.maxBodyBytes) {
      throw new HttpError(413, "body of " + r.contentLength + " bytes, limit " + cfg.maxBodyBytes);
    }
    r.body = r.contentLength == 0 ? ParsedRequest.NO_BODY : new byte[(int) r.contentLength];
    bodyFilled = 0;
    pending = r;
    return true;
  }

  private int trimCr(int from, int lf) {
    return lf > from && buf[lf - 1] == '\r' ? lf - 1 : lf;
  }

  private void requestLine(ParsedRequest r, int from, int to) throws HttpError {
    int sp1 = indexOf((byte) ' ', from, to);
    int sp2 = sp1 < 0 ? -1 : indexOf((byte) ' ', sp1 + 1, to);
    if (sp1 <= from || sp2 < 0 || sp2 == sp1 + 1) throw new HttpError(400, "malformed request line");
    for (int i = from; i < sp1; i++) if (!token(buf[i])) throw new HttpError(400, "bad character in method");
    r.method = ascii(from, sp1);
    for (int i = sp1 + 1; i < sp2; i++) {
      if (buf[i] <= ' ' || buf[i] == 0x7F) throw new HttpError(400, "bad character in request target");
    }
    String target = ascii(sp1 + 1, sp2);
    if (!target.startsWith("/") && !("*".equals(target) && "OPTIONS".equals(r.method))) {
      throw new HttpError(400, "request target must start with '/': " + abbreviate(target));
    }
    int q = target.indexOf('?');
    r.path = q < 0 ? target : target.substring(0, q);
    r.query = q < 0 ? null : target.substring(q + 1);
    String v = ascii(sp2 + 1, to);
    if (v.equals("HTTP/1.1") || v.equals("HTTP/1.0")) {
      r.version = v;
    } else if (v.length() == 8 && v.startsWith("HTTP/") && Character.isDigit(v.charAt(5)) && v.charAt(6) == '.'
        && Character.isDigit(v.charAt(7))) {
      throw new HttpError(505, "HTTP version " + v + " not supported");
    } else {
      throw new HttpError(400, "malformed HTTP version");
    }
  }

  private void headers(ParsedRequest r, int from, int headEnd) throws HttpError {
    boolean http11 = r.version.equals("HTTP/1.1");
    boolean close = false, keepAliveToken = false, host = false;
    long contentLength = -1;
    String transferEncoding = null;
    int p = from;
    while (p < headEnd) {
      int lf = indexOf((byte) '\n', p, headEnd);
      int e = trimCr(p, lf);
      if (e == p) break; // the empty line
      if (buf[p] == ' ' || buf[p] == '\t') throw new HttpError(400, "obsolete header line folding");
      int colon = indexOf((byte) ':', p, e);
      if (colon <= p) throw new HttpError(400, "header line without a name and ':'");
      for (int i = p; i < colon; i++) if (!token(buf[i])) throw new HttpError(400, "bad character in header name");
      int vs = colon + 1, ve = e;
      while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) vs++;
      while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) ve--;
      for (int i = vs; i < ve; i++) {
        int c = buf[i] & 0xFF;
        if ((c < 0x20 && c != '\t') || c == 0x7F) throw new HttpError(400, "control character in header value");
      }
      String name = ascii(p, colon), value = ascii(vs, ve);
      r.headers.add(name);
      r.headers.add(value);
      if (name.equalsIgnoreCase("content-length")) {
        long cl = parseLength(value);
        if (contentLength >= 0 && cl != contentLength) throw new HttpError(400, "conflicting Content-Length headers");
        contentLength = cl;
      } else if (name.equalsIgnoreCase("transfer-encoding")) {
        transferEncoding = value;
      } else if (name.equalsIgnoreCase("connection")) {
        for (String t : value.split(",")) {
          String tok = t.trim();
          if (tok.equalsIgnoreCase("close")) close = true;
          else if (tok.equalsIgnoreCase("keep-alive")) keepAliveToken = true;
          else if (tok.equalsIgnoreCase("upgrade")) r.connectionUpgrade = true;
        }
      } else if (name.equalsIgnoreCase("host")) {
        host = true;
      } else if (name.equalsIgnoreCase("expect") && value.equalsIgnoreCase("100-continue")) {
        r.expectContinue = http11;
      }
      p = lf + 1;
    }
    if (transferEncoding != null && contentLength >= 0) { // RFC 9112 6.1: the request smuggling pattern
      throw new HttpError(400, "both Content-Length and Transfer-Encoding");
    }
    if (transferEncoding != null) {
      throw new HttpError(501, "Transfer-Encoding (" + abbreviate(transferEncoding) + ") request bodies are not supported");
    }
    if (http11 && !host) throw new HttpError(400, "HTTP/1.1 request without a Host header");
    r.contentLength = Math.max(0, contentLength);
    r.keepAlive = !close && (http11 || keepAliveToken);
  }

  private static long parseLength(String v) throws HttpError {
    if (v.isEmpty() || v.length() > 18) throw new HttpError(400, "bad Content-Length: " + abbreviate(v));
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') throw new HttpError(400, "bad Content-Length: " + abbreviate(v));
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) if (buf[i] == b) return i;
    return -1;
  }

  private String ascii(int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** RFC 9110 tchar. */
  private static boolean token(byte b) {
    if (b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') return true;
    return b > 0 && "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }
}

package io.pulse.internal.http;

import io.pulse.Conn;
import io.pulse.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An {@link HttpRequest} as the parser built it, plus what the connection needs (keep-alive, upgrade). */
public final class ParsedRequest implements HttpRequest {
  static final byte[] NO_BODY = new byte[0];

  String method, path, query, version;
  final ArrayList<String> headers = new ArrayList<>(16); // name, value, ...
  byte[] body = NO_BODY;
  long contentLength;
  boolean keepAlive, connectionUpgrade, expectContinue;
  final Conn conn;

  ParsedRequest(Conn conn) {
    this.conn = conn;
  }

  @Override public String method() { return method; }

  @Override public String path() { return path; }

  @Override public String query() { return query; }

  @Override public String version() { return version; }

  @Override
  public String header(String name) {
    for (int i = 0; i < headers.size(); i += 2) if (headers.get(i).equalsIgnoreCase(name)) return headers.get(i + 1);
    return null;
  }

  @Override
  public List<Map.Entry<String, String>> headers() {
    List<Map.Entry<String, String>> l = new ArrayList<>(headers.size() / 2);
    for (int i = 0; i < headers.size(); i += 2) l.add(new AbstractMap.SimpleImmutableEntry<>(headers.get(i), headers.get(i + 1)));
    return l;
  }

  @Override public byte[] body() { return body; }

  @Override public String bodyText() { return new String(body, StandardCharsets.UTF_8); }

  @Override public Conn conn() { return conn; }

  /** True if the connection stays open after the response. */
  public boolean keepAlive() { return keepAlive; }

  /** True for HEAD: the response carries no body. */
  public boolean isHead() { return "HEAD".equals(method); }

  /** True if the {@code Connection} header lists {@code upgrade}. */
  public boolean connectionUpgrade() { return connectionUpgrade; }
}

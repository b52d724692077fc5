package io.pulse.http;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.internal.http.HttpConfig;
import io.pulse.internal.http.HttpSession;
import io.pulse.websocket.WebSocketCallback;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Objects;

/**
 * A minimal HTTP/1.1 server as a {@link Callback}: routes by method and exact path, keep-alive, pipelining,
 * Content-Length bodies, size limits, and WebSocket upgrades on chosen paths. Pass it to
 * {@code PulseServer.builder().callback(...)}. It keeps its per-connection state in {@link Conn#session()}.
 */
public final class HttpCallback implements Callback<ByteBuffer> {
  private final HttpConfig cfg;

  private HttpCallback(HttpConfig cfg) {
    this.cfg = cfg;
  }

  /** A new builder with no routes and the default limits. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void onOpen(Conn conn) {
    HttpSession s = new HttpSession(conn, cfg);
    conn.session(s);
    s.opened();
  }

  @Override
  public void onData(Conn conn, ByteBuffer data) {
    ((HttpSession) conn.session()).data(data);
  }

  /** The server is shutting down: open WebSockets are closed with 1001 (Going Away). */
  @Override
  public void onServerShutdown(Conn conn) {
    Object s = conn.session();
    if (s instanceof HttpSession) ((HttpSession) s).serverShutdown();
  }

  @Override
  public void onClose(Conn conn, Throwable err) {
    Object s = conn.session();
    if (s instanceof HttpSession) ((HttpSession) s).closed(err);
  }

  /** Routes and limits for an {@link HttpCallback}. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private final HttpConfig cfg = new HttpConfig();

    private Builder() {}

    /** Answers {@code method} requests to exactly {@code path} with {@code handler} (HEAD falls back to GET). */
    public Builder route(String method, String path, HttpHandler handler) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(handler, "handler");
      boolean token = !method.isEmpty()
          && method.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
      if (!token) {
        throw new IllegalArgumentException("not an HTTP method token: '" + method + "'");
      }
      if (!method.equals(method.toUpperCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("HTTP methods are case-sensitive and clients send them upper-case: '"
            + method + "' would never match; use '" + method.toUpperCase(java.util.Locale.ROOT) + "'");
      }
      if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
      cfg.routes.computeIfAbsent(path, p -> new HashMap<>()).put(method, handler);
      return this;
    }

    /** {@code route("GET", path, handler)}. */
    public Builder get(String path, HttpHandler handler) {
      return route("GET", path, handler);
    }

    /** {@code route("POST", path, handler)}. */
    public Builder post(String path, HttpHandler handler) {
      return route("POST", path, handler);
    }

    /** Upgrades requests to {@code path} to WebSocket (RFC 6455, version 13) and hands them to {@code callback}. */
    public Builder webSocket(String path, WebSocketCallback callback) {
      Objects.requireNonNull(callback, "callback");
      if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
      cfg.webSockets.put(path, callback);
      return this;
    }

    /** Longest request line; longer ones get 414 and the connection closes (default 8 KiB). */
    public Builder maxRequestLineBytes(int n) {
      cfg.maxRequestLineBytes = positive(n, "maxRequestLineBytes");
      return this;
    }

    /** Most header bytes after the request line; more get 431 and the connection closes (default 16 KiB). */
    public Builder maxHeaderBytes(int n) {
      cfg.maxHeaderBytes = positive(n, "maxHeaderBytes");
      return this;
    }

    /** Largest request body; larger ones get 413 and the connection closes (default 1 MiB). */
    public Builder maxBodyBytes(int n) {
      cfg.maxBodyBytes = positive(n, "maxBodyBytes");
      return this;
    }

    /** Largest WebSocket message (all fragments); larger ones close the WebSocket with 1009 (default 16 MiB). */
    public Builder maxMessageBytes(int n) {
      cfg.maxMessageBytes = positive(n, "maxMessageBytes");
      return this;
    }

    /**
     * A connection whose first request (for WebSocket: the handshake) has not fully arrived within {@code timeout}
     * gets 408 and is closed (default 10 s; zero: no limit).
     */
    public Builder firstRequestTimeout(Duration timeout) {
      cfg.firstRequestTimeout = Objects.requireNonNull(timeout, "firstRequestTimeout: null");
      return this;
    }

    /**
     * Every later request on a kept-alive connection must arrive whole (head and body) within {@code timeout} of its
     * first byte, or it gets 408 and the connection closes: a slow sender cannot hold a connection forever
     * (default 30 s; zero: no limit). The first request is bounded by {@link #firstRequestTimeout}.
     */
    public Builder requestTimeout(Duration timeout) {
      cfg.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * WebSocket upgrades carrying an {@code Origin} not in {@code origins} (such as {@code "https://example.com"},
     * compared ignoring case) get 403: a cross-site page cannot open a WebSocket with the user's cookies. Requests
     * without Origin (not from a browser) pass. None given (the default): any origin.
     */
    public Builder allowedOrigins(String... origins) {
      java.util.Set<String> set = new java.util.HashSet<>();
      for (String o : origins) set.add(Objects.requireNonNull(o, "origin").trim().toLowerCase(java.util.Locale.ROOT));
      cfg.allowedOrigins = java.util.Set.copyOf(set);
      return this;
    }

    /**
     * The WebSocket subprotocols this server speaks, preferred first: the first one a client offers in
     * {@code Sec-WebSocket-Protocol} is agreed ({@link io.pulse.websocket.WebSocket#subprotocol()}); none offered or
     * none in common: no subprotocol.
     */
    public Builder subprotocols(String... protocols) {
      for (String p : protocols) {
        if (p == null || p.isEmpty() || p.indexOf(',') >= 0 || p.indexOf(' ') >= 0) {
          throw new IllegalArgumentException("not a subprotocol token: " + p);
        }
      }
      cfg.subprotocols = java.util.List.of(protocols);
      return this;
    }

    /** How long a WebSocket closed by this side waits for the peer's close frame before dropping TCP (default 5 s). */
    public Builder closeTimeout(Duration timeout) {
      cfg.closeTimeout = Objects.requireNonNull(timeout, "closeTimeout: null");
      return this;
    }

    /** The callback, with a copy of these routes and limits. */
    public HttpCallback build() {
      return new HttpCallback(cfg.copy());
    }

    private static int positive(int n, String what) {
      if (n <= 0) throw new IllegalArgumentException(what + " <= 0: " + n);
      return n;
    }
  }
}

package io.pulse.internal.http;

import io.pulse.Conn;
import io.pulse.ProtocolException;
import io.pulse.Timer;
import io.pulse.http.HttpHandler;
import io.pulse.http.HttpResponse;
import io.pulse.internal.websocket.Handshake;
import io.pulse.internal.websocket.WebSocketImpl;
import io.pulse.websocket.WebSocketCallback;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's HTTP state: parses requests, answers them in order (pipelined answers to one read leave in one
 * write), closes after errors, and hands the connection to a {@link WebSocketImpl} after an upgrade. Each request
 * has an absolute deadline, from the connection's opening (the first) or its first byte (later ones, kept alive)
 * until its body is in: past it, 408 and close. Input runs on the connection's callback thread; only the deadline
 * timer runs elsewhere (the loop).
 */
public final class HttpSession {
  private static final Logger log = LoggerFactory.getLogger(HttpSession.class);
  private static final VarHandle ARMED;
  private static final long NONE = 0, TIMED_OUT = -1;

  static {
    try {
      ARMED = MethodHandles.lookup().findVarHandle(HttpSession.class, "armed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Conn conn;
  private final HttpConfig cfg;
  private RequestParser parser;
  private final ResponseEncoder out = new ResponseEncoder();
  private volatile WebSocketImpl ws; // read by serverShutdown on another thread
  // The request deadline: the generation of the armed timer (NONE: no request under way, TIMED_OUT: fired).
  // Armed and completed on the callback thread; the timer fires on the loop; a CAS decides which one wins.
  private volatile long armed;
  private long generation;
  private Timer timer;
  private boolean closing, continueSent;
  private boolean waiting; // an AsyncRoute's answer is pending: parse nothing more until it comes
  private Throwable closeCause; // why closing, for onClose (null: an orderly close)

  public HttpSession(Conn conn, HttpConfig cfg) {
    this.conn = conn;
    this.cfg = cfg;
    this.parser = new RequestParser(conn, cfg);
  }

  /** The connection opened: the first request (for WebSocket: the handshake) must arrive within its timeout. */
  public void opened() {
    arm(cfg.firstRequestTimeout);
  }

  /** Starts the deadline for the request under way: its head and body must be in within {@code timeout}. */
  private void arm(Duration timeout) {
    if (timeout == null || timeout.isZero()) return;
    long g = ++generation;
    armed = g;
    timer = conn.runAfter(timeout, () -> timedOut(g, timeout));
  }

  private void timedOut(long g, Duration timeout) {
    if (!ARMED.compareAndSet(this, g, TIMED_OUT)) return; // that request completed meanwhile
    log.debug("connection {}: no complete request within {}", conn.id(), timeout);
    ResponseEncoder e = new ResponseEncoder();
    e.encode(HttpResponse.text(408, "no complete request within " + timeout + "\n"), false, true, false);
    conn.write(e.bytes(), 0, e.length());
    conn.close(new ProtocolException(408, "no complete request within " + timeout));
  }

  /** A request is complete: stops its deadline; false if the deadline fired first (the 408 is on its way). */
  private boolean completed() {
    long g = armed;
    if (g == NONE) return true;
    if (g == TIMED_OUT || !ARMED.compareAndSet(this, g, NONE)) return false;
    timer.cancel();
    return true;
  }

  /** Bytes from the peer. */
  public void data(ByteBuffer in) {
    if (ws != null) {
      ws.feed(in);
      return;
    }
    if (closing || armed == TIMED_OUT) return;
    parser.append(in);
    if (waiting) return;
    try {
      for (ParsedRequest r; !closing && !waiting && ws == null && (r = parser.next()) != null; ) {
        if (!completed()) return;
        serve(r);
        continueSent = false;
      }
      // the next request has begun (here or in an earlier read): its deadline runs from now (or from the answer)
      if (!closing && !waiting && ws == null && armed == NONE && parser.hasInput()) arm(cfg.requestTimeout);
      ParsedRequest head = waiting ? null : parser.pendingHead();
      if (head != null && head.expectContinue && !continueSent && !closing) {
        continueSent = true;
        out.raw("HTTP/1.1 100 Continue\r\n\r\n");
      }
    } catch (HttpError e) {
      if (!completed()) return;
      log.debug("connection {}: {} {}", conn.id(), e.status, e.getMessage());
      out.encode(HttpResponse.text(e.status, e.getMessage() + "\n"), false, true, false);
      closing = true;
      closeCause = new ProtocolException(e.status, "HTTP " + e.status + ": " + e.getMessage());
    }
    flush();
    if (closing) {
      conn.close(closeCause);
    } else if (ws != null) {
      ByteBuffer rest = parser.rest();
      parser = null;
      ws.open();
      if (rest.hasRemaining()) ws.feed(rest);
    }
  }

  /** The connection closed. */
  public void closed(Throwable err) {
    if (timer != null) timer.cancel();
    if (ws != null) ws.closed(err);
  }

  private void flush() {
    if (out.length() > 0) conn.write(out.bytes(), 0, out.length());
    out.reset();
  }

  private void serve(ParsedRequest r) {
    WebSocketCallback wsCallback = cfg.webSockets.get(r.path);
    Map<String, HttpHandler> byMethod = cfg.routes.get(r.path);
    if (wsCallback != null && (byMethod == null || Handshake.isUpgrade(r))) {
      upgrade(r, wsCallback);
      return;
    }
    if (byMethod == null) {
      respond(r, HttpResponse.text(404, "no route for " + r.path + "\n"));
      return;
    }
    HttpHandler h = byMethod.get(r.method);
    if (h == null && r.isHead()) h = byMethod.get("GET");
    if (h == null) {
      respond(r, HttpResponse.text(405, r.method + " not allowed on " + r.path + "\n")
          .header("Allow", String.join(", ", new java.util.TreeSet<>(byMethod.keySet()))));
      return;
    }
    if (h instanceof AsyncRoute) {
      serveLater(r, (AsyncRoute) h);
      return;
    }
    HttpResponse resp;
    try {
      resp = h.handle(r);
      if (resp == null) throw new NullPointerException("handler returned null for " + r.method + " " + r.path);
    } catch (Exception e) {
      log.warn("connection {}: handler for {} {} failed", conn.id(), r.method, r.path, e);
      closing = true;
      closeCause = e;
      resp = HttpResponse.text(500, "internal server error\n");
    }
    respond(r, resp);
  }

  private void serveLater(ParsedRequest r, AsyncRoute route) {
    java.util.concurrent.CompletableFuture<HttpResponse> f;
    try {
      f = route.handler.apply(r).toCompletableFuture();
    } catch (RuntimeException e) {
      f = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    if (f.isDone()) { // answered already: no hand-off
      HttpResponse resp = null;
      Throwable err = null;
      try {
        resp = f.join();
      } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
        err = e.getCause() != null ? e.getCause() : e;
      }
      answered(r, resp, err);
      return;
    }
    waiting = true;
    conn.pauseReading();
    f.whenComplete((resp, err) -> conn.executor().execute(() -> {
      waiting = false;
      if (!conn.isOpen()) return;
      answered(r, resp, err);
      if (closing) {
        flush();
        conn.close(closeCause);
        return;
      }
      conn.resumeReading();
      data(ByteBuffer.allocate(0)); // answers what was pipelined meanwhile, flushes, closes if it must
    }));
  }

  private void answered(ParsedRequest r, HttpResponse resp, Throwable err) {
    if (err == null && resp == null) err = new NullPointerException("handler answered null for " + r.method + " " + r.path);
    if (err != null) {
      log.warn("connection {}: handler for {} {} failed", conn.id(), r.method, r.path, err);
      closing = true;
      closeCause = err;
      resp = HttpResponse.text(500, "internal server error\n");
    }
    respond(r, resp);
  }

  private void respond(ParsedRequest r, HttpResponse resp) {
    boolean close = closing || !r.keepAlive;
    out.encode(resp, r.isHead(), close, !close && r.version.equals("HTTP/1.0"));
    if (close) closing = true;
  }

  private void upgrade(ParsedRequest r, WebSocketCallback cb) {
    HttpResponse refusal = Handshake.check(r);
    if (refusal == null) refusal = Handshake.checkOrigin(r, cfg.allowedOrigins);
    if (refusal != null) {
      respond(r, refusal);
      return;
    }
    String subprotocol = Handshake.subprotocol(r, cfg.subprotocols);
    out.encode(Handshake.accept(r, subprotocol), false, false, false);
    ws = new WebSocketImpl(conn, r, subprotocol, cb, cfg.maxMessageBytes, cfg.closeTimeout);
  }

  /** The server is shutting down: a WebSocket says 1001 Going Away. Any thread. */
  public void serverShutdown() {
    WebSocketImpl w = ws;
    if (w != null) w.goingAway();
  }
}

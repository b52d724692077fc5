package io.pulse.internal.http;

import io.pulse.Conn;
import io.pulse.Timer;
import io.pulse.http.HttpHandler;
import io.pulse.http.HttpResponse;
import io.pulse.internal.websocket.Handshake;
import io.pulse.internal.websocket.WebSocketImpl;
import io.pulse.websocket.WebSocketCallback;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's HTTP state: parses requests, answers them in order (pipelined answers to one read leave in one
 * write), closes after errors, and hands the connection to a {@link WebSocketImpl} after an upgrade. Input runs on
 * the connection's callback thread; only the first-request timer runs elsewhere (the loop).
 */
public final class HttpSession {
  private static final Logger log = LoggerFactory.getLogger(HttpSession.class);
  private static final VarHandle FIRST;
  private static final int PENDING = 0, DONE = 1, TIMED_OUT = 2;

  static {
    try {
      FIRST = MethodHandles.lookup().findVarHandle(HttpSession.class, "first", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Conn conn;
  private final HttpConfig cfg;
  private RequestParser parser;
  private final ResponseEncoder out = new ResponseEncoder();
  private WebSocketImpl ws;
  private Timer firstTimer;
  private volatile int first; // has the first request's head arrived before the timeout?
  private boolean closing, continueSent;
  private boolean waiting; // an AsyncRoute's answer is pending: parse nothing more until it comes

  public HttpSession(Conn conn, HttpConfig cfg) {
    this.conn = conn;
    this.cfg = cfg;
    this.parser = new RequestParser(conn, cfg);
  }

  /** The connection opened: start the first-request (WebSocket handshake) timer. */
  public void opened() {
    if (cfg.firstRequestTimeout != null && !cfg.firstRequestTimeout.isZero()) {
      firstTimer = conn.runAfter(cfg.firstRequestTimeout, this::firstRequestTimedOut);
    }
  }

  private void firstRequestTimedOut() {
    if (!FIRST.compareAndSet(this, PENDING, TIMED_OUT)) return;
    log.debug("connection {}: no complete request within {}", conn.id(), cfg.firstRequestTimeout);
    ResponseEncoder e = new ResponseEncoder();
    e.encode(HttpResponse.text(408, "no complete request within " + cfg.firstRequestTimeout + "\n"), false, true, false);
    conn.write(e.bytes(), 0, e.length());
    conn.close();
  }

  private boolean firstArrived() {
    if (first == DONE) return true;
    if (!FIRST.compareAndSet(this, PENDING, DONE)) return false;
    if (firstTimer != null) firstTimer.cancel();
    return true;
  }

  /** Bytes from the peer. */
  public void data(ByteBuffer in) {
    if (ws != null) {
      ws.feed(in);
      return;
    }
    if (closing) return;
    parser.append(in);
    if (waiting) return;
    try {
      for (ParsedRequest r; !closing && !waiting && ws == null && (r = parser.next()) != null; ) {
        if (!firstArrived()) return;
        serve(r);
        continueSent = false;
      }
      ParsedRequest head = waiting ? null : parser.pendingHead();
      if (head != null && head.expectContinue && !continueSent && !closing) {
        continueSent = true;
        out.raw("HTTP/1.1 100 Continue\r\n\r\n");
      }
    } catch (HttpError e) {
      firstArrived();
      log.debug("connection {}: {} {}", conn.id(), e.status, e.getMessage());
      out.encode(HttpResponse.text(e.status, e.getMessage() + "\n"), false, true, false);
      closing = true;
    }
    flush();
    if (closing) {
      conn.close();
    } else if (ws != null) {
      ByteBuffer rest = parser.rest();
      parser = null;
      ws.open();
      if (rest.hasRemaining()) ws.feed(rest);
    }
  }

  /** The connection closed. */
  public void closed(Throwable err) {
    if (firstTimer != null) firstTimer.cancel();
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
        conn.close();
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
    if (refusal != null) {
      respond(r, refusal);
      return;
    }
    out.encode(Handshake.accept(r), false, false, false);
    ws = new WebSocketImpl(conn, r.path, cb, cfg.maxMessageBytes, cfg.closeTimeout);
  }
}

package io.pulse.internal.websocket;

import io.pulse.Conn;
import io.pulse.ProtocolException;
import io.pulse.http.HttpRequest;
import io.pulse.websocket.WebSocket;
import io.pulse.websocket.WebSocketCallback;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket over one {@link Conn}: feeds the frame parser, answers pings, runs the closing handshake and calls
 * the user's {@link WebSocketCallback}. Input methods run on the connection's callback thread; sending is any thread.
 */
public final class WebSocketImpl implements WebSocket, FrameParser.Sink {
  private static final Logger log = LoggerFactory.getLogger(WebSocketImpl.class);
  private static final VarHandle CLOSE_SENT;
  private static final VarHandle SENDING;
  private static final int CLOSING = Integer.MIN_VALUE; // the top bit of sending: no frame may start after it

  static {
    try {
      CLOSE_SENT = MethodHandles.lookup().findVarHandle(WebSocketImpl.class, "closeSent", boolean.class);
      SENDING = MethodHandles.lookup().findVarHandle(WebSocketImpl.class, "sending", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Conn conn;
  private final HttpRequest request;
  private final String subprotocol;
  private final WebSocketCallback callback;
  private final FrameParser parser;
  private final Duration closeTimeout;
  private volatile boolean closeSent;
  // Frames being written by other threads, plus CLOSING once the close frame is due: the close frame is written by
  // whoever brings the count to zero, so no data frame ever follows it (no lock: a CAS per frame).
  private volatile int sending;
  private volatile byte[] closeFrame; // with what follows it: written before the CLOSING bit, read after
  private boolean closeThenClose;
  private Throwable closeCause;
  private volatile Object attachment;
  // how it ended; written on the callback thread (and by close() before the frame goes out)
  private volatile int code = ABNORMAL;
  private volatile String reason = "";
  private boolean closeReceived, failed;

  public WebSocketImpl(Conn conn, HttpRequest request, String subprotocol, WebSocketCallback callback,
      int maxMessageSize, Duration closeTimeout) {
    this.conn = conn;
    this.request = request;
    this.subprotocol = subprotocol;
    this.callback = callback;
    this.closeTimeout = closeTimeout;
    this.parser = new FrameParser(this, maxMessageSize);
  }

  /** Calls the user's onOpen. */
  public void open() {
    callback.onOpen(this);
  }

  /** Feeds bytes read from the peer. */
  public void feed(ByteBuffer in) {
    parser.feed(in);
  }

  /** The connection closed: tells the user once, with how it ended. */
  public void closed(Throwable err) {
    closeSent = true;
    int c = closeReceived || failed || code != ABNORMAL && err == null ? code : ABNORMAL;
    String r = c == ABNORMAL && err != null ? String.valueOf(err.getMessage()) : reason;
    callback.onClose(this, c, r);
  }

  @Override
  public void message(int opcode, byte[] buf, int len) {
    if (closeSent) return; // closing: data is no longer delivered
    if (opcode == Frames.TEXT) {
      callback.onMessage(this, new String(buf, 0, len, StandardCharsets.UTF_8));
    } else {
      callback.onMessage(this, ByteBuffer.wrap(buf, 0, len).asReadOnlyBuffer());
    }
  }

  @Override
  public void control(int opcode, byte[] buf, int len) {
    if (opcode == Frames.PING) {
      sendFrame(Frames.frame(Frames.PONG, buf, 0, len));
    } else if (opcode == Frames.CLOSE) {
      closeFrame(buf, len);
    }
  }

  private void closeFrame(byte[] buf, int len) {
    parser.stop();
    int c = NO_STATUS;
    String r = "";
    if (len == 1) {
      fail(PROTOCOL_ERROR, "close frame with a 1-byte payload");
      return;
    }
    if (len >= 2) {
      c = ((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF);
      if (!validCode(c)) {
        fail(PROTOCOL_ERROR, "invalid close code " + c);
        return;
      }
      Utf8Validator v = new Utf8Validator();
      if (!v.feed(buf, 2, len - 2) || !v.complete()) {
        fail(INVALID_PAYLOAD, "close reason is not valid UTF-8");
        return;
      }
      r = new String(buf, 2, len - 2, StandardCharsets.UTF_8);
    }
    closeReceived = true;
    code = c;
    reason = r;
    // echo the code, then the server closes TCP first (RFC 6455 7.1.1)
    if (!sendClose(Frames.close(c, ""), null)) conn.close();
  }

  static boolean validCode(int c) {
    return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
  }

  @Override
  public void fail(int c, String r) {
    parser.stop();
    failed = true;
    log.debug("websocket {} failed: {} {}", conn.id(), c, r);
    code = c;
    reason = r;
    ProtocolException cause = new ProtocolException(c, "WebSocket closed with " + c + ": " + r);
    if (!sendClose(Frames.close(c, r), cause)) conn.close(cause);
  }

  @Override
  public boolean send(String text) {
    return sendFrame(Frames.text(text));
  }

  @Override
  public boolean send(byte[] data) {
    return sendFrame(Frames.binary(data));
  }

  @Override
  public boolean ping(byte[] payload) {
    if (payload.length > 125) throw new IllegalArgumentException("ping payload > 125 bytes: " + payload.length);
    return sendFrame(Frames.frame(Frames.PING, payload, 0, payload.length));
  }

  @Override
  public void close(int c, String r) {
    if (c != NO_STATUS && !validCode(c)) throw new IllegalArgumentException("not a close code to send: " + c);
    byte[] frame = Frames.close(c, r);
    if (!CLOSE_SENT.compareAndSet(this, false, true)) return;
    code = c;
    reason = r == null ? "" : r;
    closeAfterInFlight(frame, false, null);
    conn.runAfter(closeTimeout, conn::close); // the peer does not answer: close anyway
  }

  /** Writes a frame unless the close frame is due; false if it was (or the connection refused it). Any thread. */
  private boolean sendFrame(byte[] frame) {
    for (int s; ; ) {
      s = sending;
      if (s < 0) return false; // CLOSING
      if (SENDING.compareAndSet(this, s, s + 1)) break;
    }
    try {
      return conn.write(frame);
    } finally {
      if ((int) SENDING.getAndAdd(this, -1) - 1 == CLOSING) writeClose(); // the last one out
    }
  }

  /**
   * Sends {@code frame} as the close frame, once, then closes the connection (with {@code cause}); false, doing
   * nothing, if a close frame was already sent.
   */
  private boolean sendClose(byte[] frame, Throwable cause) {
    if (!CLOSE_SENT.compareAndSet(this, false, true)) return false;
    closeAfterInFlight(frame, true, cause);
    return true;
  }

  /**
   * Bars new frames; writes {@code frame} (and closes the connection if {@code thenClose}) now, or lets the last
   * frame still being written by another thread do it.
   */
  private void closeAfterInFlight(byte[] frame, boolean thenClose, Throwable cause) {
    closeFrame = frame;
    closeThenClose = thenClose;
    closeCause = cause;
    if ((int) SENDING.getAndAdd(this, CLOSING) == 0) writeClose();
  }

  private void writeClose() {
    conn.write(closeFrame);
    if (closeThenClose) conn.close(closeCause);
  }

  /** The server is shutting down: close with 1001 Going Away. Any thread. */
  public void goingAway() {
    close(GOING_AWAY, "server shutting down");
  }

  @Override public boolean isOpen() { return !closeSent && conn.isOpen(); }

  @Override public String path() { return request.path(); }

  @Override public HttpRequest request() { return request; }

  @Override public String subprotocol() { return subprotocol; }

  @Override public Conn conn() { return conn; }

  @Override public Object attachment() { return attachment; }

  @Override public void attach(Object a) { attachment = a; }

  @Override public String toString() { return "WebSocket(" + conn.id() + " " + request.path() + ")"; }
}

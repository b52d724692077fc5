package io.pulse.websocket;

import io.pulse.Conn;
import io.pulse.ConnManager;
import io.pulse.http.HttpRequest;
import io.pulse.internal.websocket.Frames;

/**
 * One server-side WebSocket connection (RFC 6455) after the upgrade. Every method is safe from any thread; frames
 * sent from one thread reach the peer in order.
 */
public interface WebSocket {

  /** Normal closure. */
  int NORMAL = 1000;
  /** The endpoint is going away (server shutdown). */
  int GOING_AWAY = 1001;
  /** The peer broke the protocol (unmasked frame, bad opcode...). */
  int PROTOCOL_ERROR = 1002;
  /** A text message was not valid UTF-8. */
  int INVALID_PAYLOAD = 1007;
  /** A message was larger than the limit. */
  int MESSAGE_TOO_BIG = 1009;
  /** No close frame arrived: the TCP connection ended or timed out. */
  int ABNORMAL = 1006;
  /** A close frame without a status code. */
  int NO_STATUS = 1005;

  /** Sends {@code text} as one text frame; false if closing or closed. */
  boolean send(String text);

  /** Sends {@code data} as one binary frame; false if closing or closed. */
  boolean send(byte[] data);

  /** Sends a ping with {@code payload} (at most 125 bytes); the peer's pong is consumed silently. */
  boolean ping(byte[] payload);

  /**
   * Starts the closing handshake: sends a close frame with {@code code} and {@code reason} (at most 123 UTF-8
   * bytes), then closes the TCP connection once the peer answers or after the close timeout. Idempotent.
   */
  void close(int code, String reason);

  /** {@code close(NORMAL, "")}. */
  default void close() {
    close(NORMAL, "");
  }

  /** True until a close frame was sent or the connection closed. */
  boolean isOpen();

  /** The request path the upgrade came on. */
  String path();

  /** The handshake request: path, query and headers (Origin, cookies, Sec-WebSocket-Protocol...). */
  HttpRequest request();

  /** The subprotocol agreed in the handshake (one of the server's {@code subprotocols}), or null if none was. */
  String subprotocol();

  /** The underlying connection: its address, executor, timers, and the handle to pass to {@link ConnManager#join}. */
  Conn conn();

  /** The object attached with {@link #attach(Object)}, or null. */
  Object attachment();

  /** Attaches any object (a user name, a room) to this WebSocket. */
  void attach(Object attachment);

  /**
   * Sends {@code text} to every member of {@code group} (joined with {@code manager.join(group, ws.conn())}),
   * encoding the frame once; returns how many took it.
   */
  static int broadcast(ConnManager manager, String group, String text) {
    return manager.broadcast(group, Frames.text(text));
  }

  /** Like {@link #broadcast(ConnManager, String, String)} with a binary message. */
  static int broadcast(ConnManager manager, String group, byte[] data) {
    return manager.broadcast(group, Frames.binary(data));
  }
}

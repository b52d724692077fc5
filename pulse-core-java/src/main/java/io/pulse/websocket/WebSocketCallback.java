package io.pulse.websocket;

import java.nio.ByteBuffer;

/**
 * The events of one WebSocket: opened, a whole message arrived (fragments already joined), closed. For one
 * WebSocket the calls never overlap and arrive in order, on the connection's callback thread.
 */
public interface WebSocketCallback {

  /** Called once after the upgrade response was queued; sending is allowed from here on. */
  default void onOpen(WebSocket ws) {}

  /** Called with each text message (validated UTF-8). */
  default void onMessage(WebSocket ws, String text) {}

  /** Called with each binary message; the buffer (read-only) is only valid during this call: copy what you keep. */
  default void onMessage(WebSocket ws, ByteBuffer data) {}

  /**
   * Called once when the connection is gone: {@code code} and {@code reason} from the peer's close frame, or the
   * code this side closed with after a protocol error, or {@link WebSocket#ABNORMAL} when no close frame came.
   */
  default void onClose(WebSocket ws, int code, String reason) {}
}

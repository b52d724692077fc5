package io.pulse;

import java.io.IOException;

/**
 * Why a connection was closed after its peer broke the protocol spoken on it: the HTTP status (400, 408, 413...)
 * answered before closing, or the WebSocket close code (1002, 1007, 1009...) sent. Reaches {@code onClose}.
 */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int code;

  /** An exception for the status or close {@code code} sent to the peer, with a message saying what it did. */
  public ProtocolException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The HTTP status or WebSocket close code sent to the peer before closing. */
  public int code() {
    return code;
  }
}

package io.pulse;

import java.net.SocketTimeoutException;

/** Why a connection was closed by a timer: its idle timeout, read deadline or write deadline passed. */
public final class ConnTimeoutException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  /** Which timer closed the connection. */
  public enum Kind {
    /** Nothing was read for the server's {@code idleTimeout}. */
    IDLE,
    /** No data arrived by the {@link Conn#readDeadline} set. */
    READ,
    /** Queued bytes were not all sent by the {@link Conn#writeDeadline} set. */
    WRITE,
    /** The TLS handshake did not finish within the builder's {@code tlsHandshakeTimeout}. */
    HANDSHAKE
  }

  private final Kind kind;

  /** An exception of {@code kind} with a message naming the connection and the time. */
  public ConnTimeoutException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** Which timer it was. */
  public Kind kind() {
    return kind;
  }
}

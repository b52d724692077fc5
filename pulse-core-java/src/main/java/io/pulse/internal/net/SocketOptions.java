package io.pulse.internal.net;

/**
 * The per-socket options a builder may set beyond TCP_NODELAY and keepalive: unset values are negative (or 0 for
 * buffer sizes) and leave the system default alone. Immutable once built.
 */
public final class SocketOptions {
  /** No options: every value the system default. */
  public static final SocketOptions DEFAULTS = new SocketOptions(0, 0, -1, -1);

  /** SO_RCVBUF in bytes, 0 for the default. */
  public final int receiveBufferSize;
  /** SO_SNDBUF in bytes, 0 for the default. */
  public final int sendBufferSize;
  /** SO_LINGER in seconds, -1 for off (the default). */
  public final int lingerSeconds;
  /** IP_TOS / IPV6_TCLASS (0-255), -1 for the default. */
  public final int trafficClass;

  public SocketOptions(int receiveBufferSize, int sendBufferSize, int lingerSeconds, int trafficClass) {
    this.receiveBufferSize = receiveBufferSize;
    this.sendBufferSize = sendBufferSize;
    this.lingerSeconds = lingerSeconds;
    this.trafficClass = trafficClass;
  }

  /** True if any option is set. */
  public boolean any() {
    return receiveBufferSize > 0 || sendBufferSize > 0 || lingerSeconds >= 0 || trafficClass >= 0;
  }
}

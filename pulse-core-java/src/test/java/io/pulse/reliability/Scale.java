package io.pulse.reliability;

/**
 * How big the reliability runs are: a CI size by default, the full size with {@code -Dpulse.reliability.full=true}
 * (see README.md in this package).
 */
final class Scale {
  /** True when the full-size runs were asked for. */
  static final boolean FULL = Boolean.getBoolean("pulse.reliability.full");

  private Scale() {}

  /** {@code ci} normally, {@code full} in the full mode. */
  static int pick(int ci, int full) {
    return FULL ? full : ci;
  }

  /** {@code ci} normally, {@code full} in the full mode. */
  static long pick(long ci, long full) {
    return FULL ? full : ci;
  }
}

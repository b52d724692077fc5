package io.pulse.internal.unix;

/**
 * The layout of {@code struct epoll_event}: packed on x86-64 (12 bytes, data at 4), naturally aligned elsewhere
 * (16 bytes on aarch64, data at 8).
 */
public final class EpollEventLayout {
  /** The layout of this machine. */
  public static final EpollEventLayout NATIVE = forArch(System.getProperty("os.arch"));

  public final int size;
  public final int dataOffset;

  private EpollEventLayout(int size, int dataOffset) {
    this.size = size;
    this.dataOffset = dataOffset;
  }

  /** The layout for a JVM {@code os.arch} value. */
  public static EpollEventLayout forArch(String osArch) {
    String a = osArch.toLowerCase(java.util.Locale.ROOT);
    boolean x8664 = a.equals("amd64") || a.equals("x86_64");
    return x8664 ? new EpollEventLayout(12, 4) : new EpollEventLayout(16, 8);
  }
}

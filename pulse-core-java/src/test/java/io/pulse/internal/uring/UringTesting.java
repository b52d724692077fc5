package io.pulse.internal.uring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import java.io.IOException;
import io.pulse.testing.Fds;
import io.pulse.testing.Requires;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shared bits of the io_uring tests: the availability gate, listening sockets, the kernel's io_uring mappings. */
final class UringTesting {
  private UringTesting() {}

  /**
   * Skips with the probe's cause where io_uring is unavailable (through {@link Requires}, which fails instead under
   * CI: the CI machines are Linux with io_uring, so a broken native edge never hides as skips). Off Linux, skips.
   */
  static void assumeUring() {
    if (UringProbe.isAvailable()) return;
    assumeTrue(Platform.isLinux(), "io_uring needs Linux");
    Requires.that(false, "io_uring unavailable: " + UringProbe.unavailabilityCause());
  }

  /** A non-blocking TCP socket listening on 127.0.0.1 at an ephemeral port. */
  static int listen() throws IOException {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    int fd = SocketCalls.tcpSocket(any);
    try {
      SocketCalls.bind(fd, any);
      SocketCalls.listen(fd, 1024);
      return fd;
    } catch (IOException e) {
      SocketCalls.close(fd);
      throw e;
    }
  }

  static int port(int listenFd) throws IOException {
    return ((InetSocketAddress) SocketCalls.localAddress(listenFd)).getPort();
  }

  static final int ACCEPT_FLAGS = SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC;

  /**
   * Open fds, counted after the JDK's one-time socketpair (its NIO dispatcher keeps one end open for async close,
   * created the first time a channel is used) exists, so it does not read as a leak of the test that came first.
   */
  static long fdCount() throws IOException {
    SocketChannel.open().close();
    return Fds.count();
  }

  /** Lines of /proc/self/maps that map an io_uring fd (its rings and SQEs). */
  static long uringMappings() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/self/maps"));
    return lines.stream().filter(l -> l.contains("io_uring")).count();
  }

  /** True if {@code address} lies in a mapping of this process. */
  static boolean mapped(long address) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/maps"))) {
      String range = l.substring(0, l.indexOf(' '));
      int dash = range.indexOf('-');
      long start = Long.parseUnsignedLong(range.substring(0, dash), 16);
      long end = Long.parseUnsignedLong(range.substring(dash + 1), 16);
      if (Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0) return true;
    }
    return false;
  }
}

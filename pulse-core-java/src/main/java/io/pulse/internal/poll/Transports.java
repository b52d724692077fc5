package io.pulse.internal.poll;

import com.sun.jna.Platform;
import io.pulse.Transport;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which transports work here, probed once (a poller opened and closed), and the factory for their pollers.
 * {@link Transport#AUTO} picks EPOLL, then KQUEUE, then NIO.
 */
public final class Transports {
  private static final Logger log = LoggerFactory.getLogger(Transports.class);
  private static final Throwable EPOLL_CAUSE = probeEpoll();
  private static final Throwable KQUEUE_CAUSE = probeKqueue();

  private Transports() {}

  /** Null if {@code t} can run here, else why not. */
  public static Throwable unavailabilityCause(Transport t) {
    switch (t) {
      case EPOLL: return EPOLL_CAUSE;
      case KQUEUE: return KQUEUE_CAUSE;
      case IO_URING: return io.pulse.internal.uring.UringProbe.unavailabilityCause();
      default: return null;
    }
  }

  /** The concrete transport for a request: AUTO becomes the best available; an unavailable one throws. */
  public static Transport resolve(Transport requested) {
    if (requested == Transport.AUTO) {
      Transport t = EPOLL_CAUSE == null ? Transport.EPOLL
          : (Platform.isMac() && KQUEUE_CAUSE == null) ? Transport.KQUEUE : Transport.NIO;
      log.debug("Transport.AUTO chose {}", t);
      return t;
    }
    Throwable cause = unavailabilityCause(requested);
    if (cause != null) {
      throw new IllegalStateException("transport " + requested + " is not available here: " + cause, cause);
    }
    return requested;
  }

  /** A new poller of a resolved transport. */
  public static LoopPoller open(Transport t, boolean edgeTriggered) throws IOException {
    if (t == Transport.IO_URING) return new UringPoller(4096, false); // the raw Poller: its owner may change threads
    return open(t, edgeTriggered, 4096);
  }

  /** A new poller for an event loop of a resolved transport, reading {@code readBufferSize} bytes at a time. */
  public static LoopPoller open(Transport t, boolean edgeTriggered, int readBufferSize) throws IOException {
    switch (t) {
      case IO_URING: return new UringPoller(readBufferSize, true);
      case EPOLL: return new EpollPoller(edgeTriggered);
      case KQUEUE: return new KqueuePoller(edgeTriggered);
      case NIO: return new NioPoller();
      default: throw new IllegalArgumentException("unresolved transport: " + t);
    }
  }

  /** True for transports whose sockets are native fds (EPOLL, KQUEUE, IO_URING). */
  public static boolean isNative(Transport t) {
    return t == Transport.EPOLL || t == Transport.KQUEUE || t == Transport.IO_URING;
  }

  /** True for the Linux transports (EPOLL, IO_URING): Linux-only calls such as recvmmsg apply. */
  public static boolean isLinux(Transport t) {
    return t == Transport.EPOLL || t == Transport.IO_URING;
  }

  private static Throwable probeEpoll() {
    try {
      if (!Platform.isLinux()) return new UnsupportedOperationException("epoll needs Linux");
      if (!Platform.is64Bit()) return new UnsupportedOperationException("Pulse's native transports need 64-bit");
      new EpollPoller(false).close();
      return null;
    } catch (Throwable t) {
      log.debug("epoll unavailable", t);
      return t;
    }
  }

  private static Throwable probeKqueue() {
    try {
      if (!Platform.is64Bit()) return new UnsupportedOperationException("Pulse's native transports need 64-bit");
      new KqueuePoller(false).close();
      return null;
    } catch (Throwable t) {
      log.debug("kqueue unavailable", t);
      return t;
    }
  }
}

package io.pulse.internal.uring;

import com.sun.jna.Platform;
import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.NativeIoException;
import io.pulse.internal.unix.SocketConstants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether io_uring can carry Pulse here, probed once: a ring is set up, its features and opcodes checked, a buffer
 * ring registered and a multishot recv run over a socketpair. Like Netty's {@code Epoll.isAvailable()}.
 */
public final class UringProbe {
  private static final Logger log = LoggerFactory.getLogger(UringProbe.class);
  private static final int[] OPS = {Uring.OP_NOP, Uring.OP_WRITEV, Uring.OP_POLL_ADD, Uring.OP_POLL_REMOVE,
      Uring.OP_SENDMSG, Uring.OP_ACCEPT, Uring.OP_ASYNC_CANCEL, Uring.OP_CONNECT, Uring.OP_CLOSE, Uring.OP_READ,
      Uring.OP_SEND, Uring.OP_RECV, Uring.OP_SHUTDOWN};
  private static final String[] OP_NAMES = {"NOP", "WRITEV", "POLL_ADD", "POLL_REMOVE", "SENDMSG",
      "ACCEPT", "ASYNC_CANCEL", "CONNECT", "CLOSE", "READ", "SEND", "RECV", "SHUTDOWN"};
  private static final Throwable CAUSE = probe();

  private UringProbe() {}

  /** True if io_uring works here with every feature the transport uses. */
  public static boolean isAvailable() {
    return CAUSE == null;
  }

  /** Why io_uring cannot be used here, or null if it can. */
  public static Throwable unavailabilityCause() {
    return CAUSE;
  }

  private static Throwable probe() {
    try {
      if (!Platform.isLinux()) return new UnsupportedOperationException("io_uring needs Linux");
      if (!Platform.is64Bit()) return new UnsupportedOperationException("Pulse's native transports need 64-bit");
      Throwable t = probeRing();
      if (t != null) log.debug("io_uring unavailable", t);
      return t;
    } catch (Throwable t) {
      log.debug("io_uring unavailable", t);
      return t;
    }
  }

  private static Throwable probeRing() {
    Ring ring;
    try {
      ring = Ring.open(8);
    } catch (IOException e) {
      return explainSetup(e);
    }
    try {
      int f = ring.features();
      if ((f & Uring.FEAT_NODROP) == 0) return missing("IORING_FEAT_NODROP (kernel 5.5+)");
      if ((f & Uring.FEAT_FAST_POLL) == 0) return missing("IORING_FEAT_FAST_POLL (kernel 5.7+)");
      if ((f & Uring.FEAT_EXT_ARG) == 0) return missing("IORING_FEAT_EXT_ARG (kernel 5.11+)");
      Throwable ops = probeOps(ring);
      if (ops != null) return ops;
      BufferRing buffers = ring.registerBufferRing(0, 2, 64); // EINVAL before 5.19
      return probeMultishotRecv(ring, buffers);
    } catch (IOException e) {
      return e;
    } finally {
      ring.close();
    }
  }

  /** The setup failure as the cause users see: ENOSYS and EPERM say what to look at. */
  static Throwable explainSetup(IOException e) {
    int errno = e instanceof NativeIoException ? ((NativeIoException) e).errno() : 0;
    if (errno == Errno.ENOSYS) {
      return new IOException("this kernel has no io_uring (built without CONFIG_IO_URING, or older than 5.1): "
          + e.getMessage(), e);
    }
    if (errno == Errno.EPERM || errno == Errno.EACCES) {
      return new IOException("io_uring is not permitted here (kernel.io_uring_disabled=" + disabledSetting()
          + "; a seccomp filter, e.g. a container's default profile, also refuses it): " + e.getMessage(), e);
    }
    return e;
  }

  private static String disabledSetting() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled"), StandardCharsets.US_ASCII).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Throwable probeOps(Ring ring) throws IOException {
    int nOps = 256;
    ByteBuffer p = DirectBuffers.allocate(16 + 8 * nOps); // struct io_uring_probe + ops[]: op, resv, flags u16, resv2
    ring.register(Uring.REGISTER_PROBE, DirectBuffers.address(p), nOps, "REGISTER_PROBE");
    int lastOp = p.get(0) & 0xff;
    for (int i = 0; i < OPS.length; i++) {
      int op = OPS[i];
      boolean supported = op <= lastOp && (p.getShort(16 + 8 * op + 2) & 1) != 0; // IO_URING_OP_SUPPORTED
      if (!supported) return missing("IORING_OP_" + OP_NAMES[i]);
    }
    return null;
  }

  private static Throwable probeMultishotRecv(Ring ring, BufferRing buffers) throws IOException {
    int[] sv = new int[2];
    if (LibC.socketpair(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC | SocketConstants.SOCK_NONBLOCK, 0, sv) != 0) {
      throw Errno.lastError("socketpair(AF_UNIX, SOCK_STREAM)");
    }
    try {
      ring.recvMultishot(sv[0], buffers.groupId(), 1);
      ByteBuffer one = DirectBuffers.allocate(1);
      one.put(0, (byte) 42);
      if (LibC.write(sv[1], DirectBuffers.address(one), 1) != 1) throw Errno.lastError("write(socketpair)");
      int[] seen = new int[2];
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (seen[0] == 0 && System.nanoTime() < deadline) {
        ring.submitAndWait(1, 100_000_000L);
        ring.drain((u, res, flags) -> {
          if (u != 1 || seen[0] != 0) return;
          seen[0] = 1;
          seen[1] = res;
          if (res > 0 && !Uring.hasMore(flags)) seen[1] = -Errno.EINVAL; // single shot: multishot ignored
          if (Uring.hasBuffer(flags)) buffers.recycle(buffers.take(flags));
        });
      }
      if (seen[0] == 0) return missing("a completion for multishot recv within 2 s");
      if (seen[1] != 1) {
        return new UnsupportedOperationException("io_uring multishot recv with a provided buffer ring does not work "
            + "here (kernel 6.0+ needed): res " + seen[1] + " (" + Errno.name(-seen[1]) + ")");
      }
      return null;
    } finally {
      ring.cancelFd(sv[0], 2);
      ring.submitAndWait(0, 0);
      LibC.close(sv[1]);
      // sv[0] is closed after the ring (its close quiesces the recv first)
      ring.close();
      LibC.close(sv[0]);
    }
  }

  private static Throwable missing(String what) {
    return new UnsupportedOperationException("io_uring here lacks " + what);
  }
}

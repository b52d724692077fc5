package io.pulse.internal.uring;

import com.sun.jna.Native;
import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One io_uring instance: set up through {@code syscall(2)}, its SQ/CQ rings and SQE array mapped once, SQEs written
 * and CQEs read in Java. A turn is {@link #submitAndWait} (one {@code io_uring_enter} that submits and waits) then
 * {@link #drain}. Single issuer: the first thread that enters the ring owns it (the ring is set up disabled and
 * enabled on that thread, as SINGLE_ISSUER/DEFER_TASKRUN require); use it from that thread only.
 */
public final class Ring implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ring.class);
  /** Setup flag sets, best first; the kernel refuses unknown flags with EINVAL and we fall back. */
  private static final int[] FLAG_SETS = {
      Uring.SETUP_SINGLE_ISSUER | Uring.SETUP_DEFER_TASKRUN | Uring.SETUP_R_DISABLED | Uring.SETUP_SUBMIT_ALL,
      Uring.SETUP_SINGLE_ISSUER | Uring.SETUP_COOP_TASKRUN | Uring.SETUP_R_DISABLED | Uring.SETUP_SUBMIT_ALL,
      Uring.SETUP_SUBMIT_ALL,
      0};
  private static final long CLOSE_CANCEL = Long.MIN_VALUE;
  private static final long QUIESCE_NANOS = 1_000_000_000L;

  private final int fd;
  private final int setupFlags;
  private final int features;
  private final RingMemory memory;
  private final SubmissionQueue sq;
  private final CompletionQueue cq;
  /** struct io_uring_getevents_arg (24 bytes) then struct __kernel_timespec (16), for EXT_ARG waits. */
  private final ByteBuffer waitArg = DirectBuffers.allocate(40);
  private final long waitArgAddress = DirectBuffers.address(waitArg);
  private final List<BufferRing> bufferRings = new ArrayList<>();
  private boolean enabled;
  private Thread owner; // the thread that enabled a SINGLE_ISSUER ring: the only one the kernel lets in
  private boolean draining;
  private boolean closed;
  private long queued;
  private long fullSubmits;

  private Ring(int fd, int setupFlags, ByteBuffer p) throws IOException {
    this.fd = fd;
    this.setupFlags = setupFlags;
    this.features = p.getInt(Uring.P_FEATURES);
    this.enabled = (setupFlags & Uring.SETUP_R_DISABLED) == 0;
    memory = RingMemory.map(fd, p);
    sq = new SubmissionQueue(memory.sqRing.buf, memory.sqes.buf, p);
    cq = new CompletionQueue(memory.cqRing.buf, p);
    waitArg.putLong(16, waitArgAddress + 24); // ts; sigmask, sigmask_sz and min_wait stay 0
  }

  /** A ring of {@code entries} SQEs (rounded up to a power of two) and the kernel's default CQ size (2×). */
  public static Ring open(int entries) throws IOException {
    return open(entries, 0);
  }

  /** A ring with {@code sqEntries} SQEs and, if {@code cqEntries > 0}, that many CQEs (at least sqEntries). */
  public static Ring open(int sqEntries, int cqEntries) throws IOException {
    return open(sqEntries, cqEntries, FLAG_SETS);
  }

  /**
   * As {@link #open(int, int)}, but any thread may enter it (one at a time): no SINGLE_ISSUER or DEFER_TASKRUN, for
   * a ring whose owner may hand it from thread to thread (the raw {@code io.pulse.core.Poller}).
   */
  public static Ring openShared(int sqEntries, int cqEntries) throws IOException {
    return open(sqEntries, cqEntries, new int[] {Uring.SETUP_SUBMIT_ALL, 0});
  }

  /** As {@link #open(int, int)}, trying the setup flag sets in order while the kernel answers EINVAL. */
  static Ring open(int sqEntries, int cqEntries, int[] flagSets) throws IOException {
    if (sqEntries <= 0) throw new IllegalArgumentException("sqEntries <= 0: " + sqEntries);
    ByteBuffer p = DirectBuffers.allocate(Uring.PARAMS_SIZE);
    long pAddress = DirectBuffers.address(p);
    IOException last = null;
    for (int flags : flagSets) {
      int f = flags | Uring.SETUP_CLAMP | (cqEntries > 0 ? Uring.SETUP_CQSIZE : 0);
      for (int i = 0; i < Uring.PARAMS_SIZE; i += 8) p.putLong(i, 0L);
      p.putInt(Uring.P_FLAGS, f);
      p.putInt(Uring.P_CQ_ENTRIES, Math.max(cqEntries, 0));
      long ringFd = UringNative.setup(sqEntries, pAddress);
      if (ringFd >= 0) {
        try {
          return new Ring((int) ringFd, f, p);
        } catch (IOException | RuntimeException e) {
          LibC.close((int) ringFd);
          throw e;
        }
      }
      int errno = Native.getLastError();
      last = Errno.newIOException("io_uring_setup(entries=" + sqEntries + ", cq_entries=" + cqEntries
          + ", flags=0x" + Integer.toHexString(f) + ")", errno);
      if (errno != Errno.EINVAL) throw last; // ENOSYS, EPERM, ENOMEM...: no flag set will help
    }
    throw last;
  }

  /** The io_uring fd. */
  public int fd() {
    return fd;
  }

  /** The setup flags the kernel accepted. */
  public int setupFlags() {
    return setupFlags;
  }

  /** The kernel's IORING_FEAT_* bits. */
  public int features() {
    return features;
  }

  /** Number of SQEs. */
  public int sqEntries() {
    return sq.entries;
  }

  /** Number of CQEs. */
  public int cqEntries() {
    return cq.entries;
  }

  /** Ops queued and not yet finished (a multishot op counts until its last completion). */
  public long inFlight() {
    return queued - cq.finished;
  }

  /** Times an op found the SQ full and the ring submitted early to make room. */
  public long sqFullSubmits() {
    return fullSubmits;
  }

  /** SQEs written and not yet taken by the kernel. */
  public int unsubmitted() {
    checkOpen();
    return sq.pending();
  }

  /** SQEs the kernel dropped as invalid (index out of range); stays 0 unless the SQ ring was corrupted. */
  public int droppedSubmissions() {
    checkOpen();
    return sq.dropped();
  }

  /** True while the kernel holds completions the full CQ had no room for; {@link #drain} flushes them. */
  public boolean cqOverflowPending() {
    checkOpen();
    return (sq.flags() & Uring.SQ_CQ_OVERFLOW) != 0;
  }

  /** Completions the kernel dropped for want of CQ space (0 on kernels with FEAT_NODROP). */
  public int droppedCompletions() {
    checkOpen();
    return cq.overflow();
  }

  // --- op preparation: each queues one SQE, submitting first if the SQ is full ---

  /** A no-op that completes with res 0. */
  public void nop(long userData) throws IOException {
    put(Uring.OP_NOP, 0, 0, -1, 0, 0, 0, 0, userData, 0, 0);
  }

  /** Multishot accept on a listening socket: one completion per accepted fd (res), made with {@code acceptFlags}. */
  public void acceptMultishot(int listenFd, int acceptFlags, long userData) throws IOException {
    put(Uring.OP_ACCEPT, 0, Uring.ACCEPT_MULTISHOT, listenFd, 0, 0, 0, acceptFlags, userData, 0, 0);
  }

  /** Multishot recv into buffers picked from buffer group {@code groupId}; res is the byte count, 0 at EOF. */
  public void recvMultishot(int fd, int groupId, long userData) throws IOException {
    put(Uring.OP_RECV, Uring.IOSQE_BUFFER_SELECT, Uring.RECV_MULTISHOT, fd, 0, 0, 0, 0, userData, groupId, 0);
  }

  /** One-shot poll for the {@code poll(2)} {@code events} on {@code fd}; res is the revents mask, or -errno. */
  public void pollAdd(int fd, int events, long userData) throws IOException {
    put(Uring.OP_POLL_ADD, 0, 0, fd, 0, 0, 0, events, userData, 0, 0);
  }

  /** Removes the poll submitted with {@code targetUserData}; it completes with -ECANCELED, this op with 0 or -ENOENT. */
  public void pollRemove(long targetUserData, long userData) throws IOException {
    put(Uring.OP_POLL_REMOVE, 0, 0, -1, 0, targetUserData, 0, 0, userData, 0, 0);
  }

  /** One recv into {@code len} bytes at {@code address}. */
  public void recv(int fd, long address, int len, int msgFlags, long userData) throws IOException {
    put(Uring.OP_RECV, 0, 0, fd, 0, address, len, msgFlags, userData, 0, 0);
  }

  /** One send of {@code len} bytes at {@code address}; res may be short. */
  public void send(int fd, long address, int len, int msgFlags, long userData) throws IOException {
    put(Uring.OP_SEND, 0, 0, fd, 0, address, len, msgFlags, userData, 0, 0);
  }

  /** sendmsg with a {@code struct msghdr} at {@code msghdr} (kept alive until completion). */
  public void sendmsg(int fd, long msghdr, int msgFlags, long userData) throws IOException {
    put(Uring.OP_SENDMSG, 0, 0, fd, 0, msghdr, 1, msgFlags, userData, 0, 0);
  }

  /** writev of {@code count} iovecs at {@code iov} (kept alive until completion), at the current position. */
  public void writev(int fd, long iov, int count, long userData) throws IOException {
    put(Uring.OP_WRITEV, 0, 0, fd, -1L, iov, count, 0, userData, 0, 0);
  }

  /** read of {@code len} bytes into {@code address} at the current position (an eventfd's 8-byte counter). */
  public void read(int fd, long address, int len, long userData) throws IOException {
    put(Uring.OP_READ, 0, 0, fd, -1L, address, len, 0, userData, 0, 0);
  }

  /** connect to the {@code addrLen}-byte sockaddr at {@code addr} (kept alive until completion). */
  public void connect(int fd, long addr, int addrLen, long userData) throws IOException {
    put(Uring.OP_CONNECT, 0, 0, fd, addrLen, addr, 0, 0, userData, 0, 0);
  }

  /** shutdown(2) with {@code how} (SHUT_RD/WR/RDWR). */
  public void shutdown(int fd, int how, long userData) throws IOException {
    put(Uring.OP_SHUTDOWN, 0, 0, fd, 0, 0, how, 0, userData, 0, 0);
  }

  /** close(2) of a plain fd, done by the kernel (after the fd's other ops have finished). */
  public void closeFd(int fd, long userData) throws IOException {
    put(Uring.OP_CLOSE, 0, 0, fd, 0, 0, 0, 0, userData, 0, 0);
  }

  /** Cancels the op submitted with {@code targetUserData}; res is 0, -ENOENT (none) or -EALREADY (running). */
  public void cancel(long targetUserData, long userData) throws IOException {
    put(Uring.OP_ASYNC_CANCEL, 0, 0, -1, 0, targetUserData, 0, 0, userData, 0, 0);
  }

  /** Cancels every op on {@code fd}; res is how many were found, or -ENOENT. */
  public void cancelFd(int fd, long userData) throws IOException {
    put(Uring.OP_ASYNC_CANCEL, 0, 0, fd, 0, 0, 0, Uring.ASYNC_CANCEL_FD | Uring.ASYNC_CANCEL_ALL, userData, 0, 0);
  }

  /** Cancels every op in flight on this ring. */
  public void cancelAll(long userData) throws IOException {
    put(Uring.OP_ASYNC_CANCEL, 0, 0, -1, 0, 0, 0, Uring.ASYNC_CANCEL_ANY | Uring.ASYNC_CANCEL_ALL, userData, 0, 0);
  }

  /** A relative timeout of the {@code struct __kernel_timespec} at {@code ts}; completes with -ETIME. */
  public void timeout(long ts, long userData) throws IOException {
    put(Uring.OP_TIMEOUT, 0, 0, -1, 0, ts, 1, 0, userData, 0, 0);
  }

  private void put(int op, int flags, int ioprio, int fd, long off, long addr, int len, int opFlags, long userData,
      int bufGroup, int fileIndex) throws IOException {
    checkOpen();
    if (sq.free() == 0) makeRoom();
    sq.put(op, flags, ioprio, fd, off, addr, len, opFlags, userData, bufGroup, fileIndex);
    queued++;
  }

  private void makeRoom() throws IOException {
    fullSubmits++;
    int n = sq.publish();
    enter(n, 0, 0, 0, 0);
    if (sq.free() == 0) {
      throw new IOException("io_uring submission queue full: the kernel took none of " + n + " SQEs (fd=" + fd + ")");
    }
  }

  // --- turns ---

  /** Submits the queued SQEs without waiting; returns how many the kernel took. */
  public int submit() throws IOException {
    checkOpen();
    int n = sq.publish();
    return n == 0 ? 0 : enter(n, 0, 0, 0, 0);
  }

  /**
   * Submits the queued SQEs and waits, in the same {@code io_uring_enter}, until {@code minComplete} completions are
   * ready or {@code timeoutNanos} passed ({@code < 0}: no limit; 0: do not wait). Returns SQEs taken. A timeout or a
   * signal is not an error: the caller drains whatever is there.
   */
  public int submitAndWait(int minComplete, long timeoutNanos) throws IOException {
    checkOpen();
    int n = sq.publish();
    int ready = cq.ready();
    if (n == 0 && ready > 0 && ready >= minComplete) return 0; // nothing to submit, enough to drain
    if (timeoutNanos == 0) minComplete = 0;
    if (minComplete > 0 && timeoutNanos > 0) {
      waitArg.putLong(24, timeoutNanos / 1_000_000_000L);
      waitArg.putLong(32, timeoutNanos % 1_000_000_000L);
      return enter(n, minComplete, Uring.ENTER_GETEVENTS | Uring.ENTER_EXT_ARG, waitArgAddress, 24);
    }
    return enter(n, minComplete, Uring.ENTER_GETEVENTS, 0, 0);
  }

  /**
   * Hands every ready completion to {@code h}; returns how many. When the kernel kept completions aside because the
   * CQ was full (IORING_SQ_CQ_OVERFLOW), enters with GETEVENTS to flush them into the CQ and drains again.
   */
  public int drain(CompletionHandler h) throws IOException {
    checkOpen();
    if (draining) throw new IllegalStateException("drain from inside a completion handler");
    draining = true;
    try {
      int total = cq.drain(h);
      while ((sq.flags() & Uring.SQ_CQ_OVERFLOW) != 0) {
        enter(sq.publish(), 0, Uring.ENTER_GETEVENTS, 0, 0);
        total += cq.drain(h);
      }
      return total;
    } finally {
      draining = false;
    }
  }

  private int enter(int toSubmit, int minComplete, int flags, long arg, long argSize) throws IOException {
    if (!enabled) enable();
    long r = UringNative.enter(fd, toSubmit, minComplete, flags, arg, argSize);
    if (r >= 0) return (int) r;
    int errno = Native.getLastError();
    if (errno == Errno.EINTR || errno == Errno.ETIME) return 0;
    if (errno == Errno.EAGAIN || errno == Errno.EBUSY) return 0; // out of request memory or CQ backlog: drain first
    String why = errno == Errno.EEXIST ? " (ring owned by another thread)" : "";
    throw Errno.newIOException("io_uring_enter(fd=" + fd + ", to_submit=" + toSubmit + ", min_complete=" + minComplete
        + ", flags=0x" + Integer.toHexString(flags) + ")" + why, errno);
  }

  private void enable() throws IOException {
    register(Uring.REGISTER_ENABLE_RINGS, 0, 0, "ENABLE_RINGS");
    enabled = true;
    if ((setupFlags & Uring.SETUP_SINGLE_ISSUER) != 0) owner = Thread.currentThread();
  }

  /** io_uring_register, checked; returns the kernel's result. */
  int register(int opcode, long arg, int nrArgs, String what) throws IOException {
    long r = UringNative.register(fd, opcode, arg, nrArgs);
    if (r < 0) throw Errno.lastError("io_uring_register(fd=" + fd + ", " + what + ")");
    return (int) r;
  }

  /**
   * Registers a provided buffer ring: {@code entries} buffers (a power of two, ≤ 32768) of {@code bufferSize} bytes
   * in buffer group {@code groupId}, all handed to the kernel. It is released with this ring.
   */
  public BufferRing registerBufferRing(int groupId, int entries, int bufferSize) throws IOException {
    checkOpen();
    BufferRing b = new BufferRing(this, groupId, entries, bufferSize);
    bufferRings.add(b);
    return b;
  }

  void forget(BufferRing b) {
    bufferRings.remove(b);
  }

  /** Cancels what is in flight, drops the completions (see {@link #close(CompletionHandler)}), releases all. */
  @Override
  public void close() {
    close((u, r, f) -> { });
  }

  /**
   * Cancels every op in flight and hands their last completions to {@code last} (close accepted fds there), waiting
   * at most a second; then unregisters and unmaps the buffer rings, closes the ring fd and unmaps the rings. If ops
   * are still in flight (close from another thread, or the kernel too slow), the buffer memory is leaked rather than
   * unmapped under the kernel. Idempotent.
   */
  public void close(CompletionHandler last) {
    if (closed) return;
    boolean quiet = inFlight() == 0 || quiesce(last);
    closed = true;
    for (BufferRing b : new ArrayList<>(bufferRings)) b.release(quiet);
    bufferRings.clear();
    if (LibC.close(fd) != 0) log.warn("{}", Errno.lastError("close(io_uring fd=" + fd + ")").getMessage());
    memory.unmap();
  }

  private boolean quiesce(CompletionHandler last) {
    if (owner != null && owner != Thread.currentThread()) {
      log.warn("io_uring fd={} closed on {} while {} ops are in flight: only {} may cancel them; their buffers "
          + "stay mapped", fd, Thread.currentThread().getName(), inFlight(), owner.getName());
      return false;
    }
    try {
      cancelAll(CLOSE_CANCEL);
      long deadline = System.nanoTime() + QUIESCE_NANOS;
      long left;
      while (inFlight() > 0 && (left = deadline - System.nanoTime()) > 0) {
        submitAndWait(1, left);
        drain((u, r, f) -> {
          if (u != CLOSE_CANCEL) last.onCompletion(u, r, f);
        });
      }
    } catch (IOException | RuntimeException e) {
      log.warn("io_uring fd={}: could not cancel the ops in flight: {}", fd, e.toString());
    }
    if (inFlight() == 0) return true;
    log.warn("io_uring fd={}: {} ops still in flight at close; their buffers stay mapped", fd, inFlight());
    return false;
  }

  /** The rings are unmapped at close: touching them then would crash the JVM, so every access checks first. */
  private void checkOpen() {
    if (closed) throw new IllegalStateException("closed");
  }
}

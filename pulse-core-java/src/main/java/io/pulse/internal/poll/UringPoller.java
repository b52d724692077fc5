package io.pulse.internal.poll;

import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.LinuxNative;
import io.pulse.internal.uring.BufferRing;
import io.pulse.internal.uring.CompletionHandler;
import io.pulse.internal.uring.Ring;
import io.pulse.internal.uring.SendSlots;
import io.pulse.internal.uring.Uring;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IO_URING transport's poller: one ring per loop, entered once per turn to submit and wait. A
 * {@link CompletionSocket} (a connection) receives through a multishot recv into the loop's provided buffer ring and
 * sends through send ops, from its queue's chunk in place or a slot its bytes are gathered into, one send in
 * flight, continued after a short send;
 * so a turn needs no read or write call, and an idle connection holds no buffer. Everything else (listening,
 * connecting and datagram sockets, and writability) gets a one-shot poll, re-armed after each completion: level
 * semantics, like EPOLL's default. Other threads wake the loop through an eventfd the ring reads. Loop thread only,
 * except {@link #wakeup}.
 */
final class UringPoller implements LoopPoller {
  private static final Logger log = LoggerFactory.getLogger(UringPoller.class);
  static final int POLLIN = 0x1;
  static final int POLLOUT = 0x4;
  static final int POLLERR = 0x8;
  static final int POLLHUP = 0x10;
  static final int POLLRDHUP = 0x2000;
  private static final int KIND_POLL = 1;
  private static final int KIND_RECV = 2;
  private static final int KIND_WAKE = 3;
  private static final long IGNORED = 4; // cancels and poll removals: their own results do not matter
  private static final int KIND_SEND = 5;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int BUFFER_GROUP = 0;
  private static final int EFD_CLOEXEC = 0x80000;
  private static final int F_DUPFD_CLOEXEC = 1030;

  private final Ring ring;
  private final BufferRing buffers;
  private final SendSlots sendSlots;
  private final int eventFd;
  private final ByteBuffer wake = DirectBuffers.allocate(8);
  private final long wakeAddress = DirectBuffers.address(wake);
  private final ByteBuffer woken = DirectBuffers.allocate(8);
  private final long wokenAddress = DirectBuffers.address(woken);
  private final CompletionHandler onCompletion = this::complete;
  /** Registrations with input to hand to their readers this turn (or after a resume). */
  private final ArrayDeque<RingRegistration> deliveries = new ArrayDeque<>();
  /** Registrations with a send to start at the end of this turn (their writes of the turn gathered in one). */
  private final ArrayDeque<RingRegistration> sends = new ArrayDeque<>();
  /** Registrations whose recv ended for want of buffers: re-armed once buffers are back. */
  private final ArrayDeque<RingRegistration> starved = new ArrayDeque<>();
  /** Closed sockets' sends left to finish, oldest first: cancelled if still in flight at their deadline. */
  private final ArrayDeque<RingRegistration> lingering = new ArrayDeque<>();
  private final long lingerNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
      Long.getLong("pulse.iouring.closeLingerMillis", 10_000L));
  private RingRegistration[] slots = new RingRegistration[256];
  private int[] generations = new int[256];
  private int[] freeSlots = new int[256];
  private int freeCount;
  private int nextSlot;
  private int handled;
  private long turn;
  private boolean closed;

  /**
   * A poller whose buffer ring holds buffers of {@code bufferSize} bytes (at least 1 KiB); {@code singleThread}: only
   * the first thread to poll may ever poll (an event loop), else any one thread at a time. Sized by the system
   * properties {@code pulse.iouring.bufferRingBytes} (8 MiB), {@code pulse.iouring.sqEntries} (1024) and
   * {@code pulse.iouring.sendSlots} (1024 slots of 16 KiB, touched only when used); a closed socket's last send is
   * cancelled after {@code pulse.iouring.closeLingerMillis} (10000) if the peer has not taken it.
   */
  UringPoller(int bufferSize, boolean singleThread) throws IOException {
    this(bufferSize, Integer.getInteger("pulse.iouring.sqEntries", 1024),
        Integer.getInteger("pulse.iouring.bufferRingBytes", 8 << 20),
        Integer.getInteger("pulse.iouring.sendSlots", 1024), singleThread);
  }

  /** As below, on a ring only its first thread enters (SINGLE_ISSUER, DEFER_TASKRUN where available). */
  UringPoller(int bufferSize, int sqEntries, int bufferRingBytes, int sendSlotCount) throws IOException {
    this(bufferSize, sqEntries, bufferRingBytes, sendSlotCount, true);
  }

  /**
   * A poller with {@code sqEntries} SQEs (8× as many CQEs), {@code bufferRingBytes} of provided buffers and
   * {@code sendSlotCount} send slots of 16 KiB (when none is free, a connection writes with a plain call).
   */
  UringPoller(int bufferSize, int sqEntries, int bufferRingBytes, int sendSlotCount, boolean singleThread)
      throws IOException {
    int size = Math.max(bufferSize, 1024);
    int count = Integer.highestOneBit(Math.max(16, Math.min(32768, bufferRingBytes / size)));
    Ring r = singleThread ? Ring.open(sqEntries, sqEntries * 8) : Ring.openShared(sqEntries, sqEntries * 8);
    int efd = -1;
    SendSlots slots = null;
    try {
      buffers = r.registerBufferRing(BUFFER_GROUP, count, size);
      slots = new SendSlots(sendSlotCount, 16 * 1024);
      efd = LinuxNative.eventfd(0, EFD_CLOEXEC); // blocking: the ring's read waits instead of failing with EAGAIN
      if (efd < 0) throw Errno.lastError("eventfd");
      wake.putLong(0, 1L);
      r.read(efd, wokenAddress, 8, KIND_WAKE);
    } catch (IOException | RuntimeException e) {
      r.close();
      if (efd >= 0) LibC.close(efd);
      if (slots != null) slots.close(true);
      throw e;
    }
    ring = r;
    eventFd = efd;
    sendSlots = slots;
  }

  // ---- registrations ----

  @Override
  public void register(Pollable p, int interest) throws IOException {
    checkOpen();
    int slot = freeCount > 0 ? freeSlots[--freeCount] : newSlot();
    CompletionSocket socket = p.completionSocket();
    RingRegistration r = new RingRegistration(this, p, socket, slot, ++generations[slot], buffers, sendSlots);
    r.interest = interest;
    slots[slot] = r;
    p.registration = r;
    if (socket != null) socket.attach(r, r);
    sync(r);
  }

  private int newSlot() {
    if (nextSlot == slots.length) {
      if (nextSlot == 1 << 24) throw new IllegalStateException("more than 2^24 registrations on one loop");
      slots = Arrays.copyOf(slots, nextSlot * 2);
      generations = Arrays.copyOf(generations, nextSlot * 2);
      freeSlots = Arrays.copyOf(freeSlots, nextSlot * 2);
    }
    return nextSlot++;
  }

  @Override
  public void modify(Pollable p, int interest) throws IOException {
    checkOpen();
    RingRegistration r = (RingRegistration) p.registration;
    if (r == null) throw new IllegalStateException("not registered: fd " + p.fd);
    r.interest = interest;
    sync(r);
  }

  /**
   * Cancels what is in flight (a send too, unless {@link RingRegistration#handOver handed over}: that one finishes,
   * through a duplicate of the fd if it comes back short, or is cancelled after {@code pulse.iouring.closeLingerMillis},
   * 10 s) and detaches the socket; the registration keeps its slot until its last completion, so none can reach a later one. Ops
   * queued this turn are submitted first: the kernel takes its own reference to the file, so the caller may close
   * the fd at once and its number may be reused.
   */
  @Override
  public void deregister(Pollable p) throws IOException {
    checkOpen();
    RingRegistration r = (RingRegistration) p.registration;
    if (r == null || r.dead) return;
    r.dead = true;
    p.registration = null;
    if (r.reader != null) r.reader.attach(null, null);
    r.discard();
    r.dropPendingSend();
    if (r.recvArmed && !r.recvCancelling) ring.cancel(r.userData | KIND_RECV, IGNORED);
    if (r.pollArmed) ring.pollRemove(r.userData | KIND_POLL, IGNORED);
    if (r.sendInFlight && !r.handedOver) {
      ring.cancel(r.userData | KIND_SEND, IGNORED);
    } else if (r.sendInFlight) { // handed over: it finishes as a plain write would, within the linger
      r.lingerDeadline = System.nanoTime() + lingerNanos;
      lingering.add(r);
      // the caller closes the fd next (and its number may be reused): a short send goes on through a duplicate
      r.lingerFd = LibC.fcntl(p.fd, F_DUPFD_CLOEXEC, 0);
      if (r.lingerFd < 0) {
        log.debug("io_uring: {}; a short last send on fd {} will not be continued",
            Errno.lastError("fcntl(F_DUPFD_CLOEXEC, fd=" + p.fd + ")").getMessage(), p.fd);
      }
    }
    if (r.busy() && r.armedTurn == turn && ring.unsubmitted() > 0) ring.submit();
    if (!r.busy()) release(r);
  }

  /** Frees the slot of a deregistered registration whose ops have all completed. */
  private void release(RingRegistration r) {
    slots[r.slot] = null;
    freeSlots[freeCount++] = r.slot;
  }

  /** Starts {@code r}'s send just before the ring is entered, with everything its writer queued by then. */
  void sendAtTurnEnd(RingRegistration r) {
    sends.add(r);
  }

  /** Submits a send of {@code length} bytes at {@code address} (held until it completes, in {@link #sent}). */
  void startSend(RingRegistration r, long address, int length) throws IOException {
    r.sendAddress = address;
    r.sendLength = length;
    r.sendOffset = 0;
    r.sendInFlight = true;
    r.armedTurn = turn;
    ring.send(r.target.fd, address, length, MSG_NOSIGNAL, r.userData | KIND_SEND);
  }

  /** Brings what is armed in line with the interest: polls for what the socket does not receive, recv for input. */
  private void sync(RingRegistration r) throws IOException {
    if (r.dead) return;
    int want = 0;
    if ((r.interest & READ) != 0 && r.reader == null) want |= POLLIN | POLLRDHUP;
    if ((r.interest & WRITE) != 0 && !r.sendInFlight && r.pendingOut == null && r.confirmed == 0) {
      want |= POLLOUT; // else the send says when
    }
    if (want != 0 && !r.pollArmed) {
      ring.pollAdd(r.target.fd, want, r.userData | KIND_POLL);
      r.pollArmed = true;
      r.pollEvents = want;
      r.armedTurn = turn;
    } else if (r.pollArmed && !r.pollRemoving && (want & ~r.pollEvents) != 0) {
      ring.pollRemove(r.userData | KIND_POLL, IGNORED); // completes the poll with -ECANCELED; re-armed then
      r.pollRemoving = true;
    }
    if (r.reader == null) return;
    boolean reading = (r.interest & READ) != 0;
    if (reading && r.hasInput()) {
      if (!r.queued) {
        r.queued = true;
        deliveries.add(r);
      }
    } else if (reading && !r.recvArmed && !r.starved && r.end == 0) {
      ring.recvMultishot(r.target.fd, BUFFER_GROUP, r.userData | KIND_RECV);
      r.recvArmed = true;
      r.armedTurn = turn;
    }
    // Paused, or behind (input left over): stop receiving, so what waits here stays bounded by one turn's worth;
    // what arrives until the cancel lands is kept (spilled), and the recv is re-armed once it is all taken.
    if ((!reading || r.hasInput()) && r.recvArmed && !r.recvCancelling) {
      ring.cancel(r.userData | KIND_RECV, IGNORED);
      r.recvCancelling = true;
    }
  }

  // ---- turns ----

  @Override
  public int poll(int timeoutMillis) throws IOException {
    checkOpen();
    handled = 0;
    startSends();
    if (!lingering.isEmpty()) timeoutMillis = expireLingering(timeoutMillis);
    if (!deliveries.isEmpty()) timeoutMillis = 0;
    ring.submitAndWait(timeoutMillis == 0 ? 0 : 1, timeoutMillis < 0 ? -1 : timeoutMillis * 1_000_000L);
    turn++;
    ring.drain(onCompletion);
    deliver();
    if (!starved.isEmpty() && buffers.available() > 0) rearmStarved();
    return handled;
  }

  private void startSends() {
    for (RingRegistration r; (r = sends.poll()) != null; ) {
      if (r.dead || r.pendingOut == null) continue;
      try {
        r.startPendingSend();
      } catch (IOException | RuntimeException e) {
        log.error("io_uring: starting a send on fd {} failed", r.target.fd, e);
      }
    }
  }

  /**
   * Cancels the handed-over sends whose linger ran out (the peer does not read); returns {@code timeoutMillis}
   * shortened to the next deadline.
   */
  private int expireLingering(int timeoutMillis) {
    long now = System.nanoTime();
    for (RingRegistration r; (r = lingering.peek()) != null; lingering.poll()) {
      if (!r.sendInFlight || r.lingerCancelled) continue; // done (its slot may already serve another)
      if (r.lingerDeadline - now > 0) {
        long ms = Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(r.lingerDeadline - now));
        return timeoutMillis >= 0 && timeoutMillis < ms ? timeoutMillis : (int) Math.min(ms, Integer.MAX_VALUE);
      }
      try {
        ring.cancel(r.userData | KIND_SEND, IGNORED);
        r.lingerCancelled = true;
        log.debug("io_uring: a closed socket's last send (fd {}) was not taken within the linger; cancelled",
            r.target.fd);
      } catch (IOException | RuntimeException e) {
        log.error("io_uring: cancelling a lingering send on fd {} failed", r.target.fd, e);
        return timeoutMillis; // tried again next turn
      }
    }
    return timeoutMillis;
  }

  private void complete(long userData, int res, int flags) {
    int kind = (int) (userData & 0xff);
    if (kind == KIND_WAKE) {
      rearmWake(res);
      return;
    }
    if (kind != KIND_POLL && kind != KIND_RECV && kind != KIND_SEND) return;
    int slot = (int) (userData >>> 8) & 0xffffff;
    RingRegistration r = slot < slots.length ? slots[slot] : null;
    if (r == null || (r.userData >>> 32) != (userData >>> 32)) { // cannot happen while slots wait for their ops
      log.warn("io_uring completion for no registration: user data 0x{}", Long.toHexString(userData));
      if (Uring.hasBuffer(flags)) buffers.recycle(buffers.take(flags));
      return;
    }
    try {
      if (r.dead) retired(r, kind, res, flags);
      else if (kind == KIND_POLL) polled(r, res);
      else if (kind == KIND_RECV) received(r, res, flags);
      else sent(r, res);
    } catch (Throwable t) {
      log.error("io_uring completion for fd {} failed", r.target.fd, t);
    }
  }

  private void polled(RingRegistration r, int res) throws IOException {
    r.pollArmed = false;
    r.pollRemoving = false;
    if (res == -Errno.ECANCELED) {
      sync(r);
      return;
    }
    int ops = res < 0 ? ERROR | (-res << ERRNO_SHIFT) : ready(res, r);
    if (ops != 0) {
      handled++;
      r.target.onReady(ops);
    }
    sync(r);
  }

  /**
   * A completion for a deregistered registration: its buffer or slot goes back (a short handed-over send goes on
   * first); the last one frees its slot.
   */
  private void retired(RingRegistration r, int kind, int res, int flags) throws IOException {
    if (Uring.hasBuffer(flags)) buffers.recycle(buffers.take(flags));
    if (kind == KIND_SEND && res > 0 && r.sendOffset + res < r.sendLength && r.lingerFd >= 0 && !r.lingerCancelled) {
      r.sendOffset += res; // a handed-over send goes on to its end, as on a live socket
      ring.send(r.lingerFd, r.sendAddress + r.sendOffset, r.sendLength - r.sendOffset, MSG_NOSIGNAL,
          r.userData | KIND_SEND);
      return;
    }
    if (kind == KIND_POLL) {
      r.pollArmed = false;
    } else if (kind == KIND_SEND) {
      r.sendDone();
      closeLingerFd(r);
    } else if (!Uring.hasMore(flags)) {
      r.recvArmed = false;
    }
    if (!r.busy()) release(r);
  }

  /**
   * A send completed: a short one is continued from where it stopped; a full one is confirmed (the writer consumes
   * it on its next write, prompted by WRITE), a failed one reported as ERROR with the errno.
   */
  private void sent(RingRegistration r, int res) throws IOException {
    if (res > 0 && r.sendOffset + res < r.sendLength) {
      r.sendOffset += res;
      ring.send(r.target.fd, r.sendAddress + r.sendOffset, r.sendLength - r.sendOffset, MSG_NOSIGNAL,
          r.userData | KIND_SEND);
      return;
    }
    int length = r.sendLength;
    r.sendDone();
    if (res > 0) {
      r.confirmed += length;
      if ((r.interest & WRITE) != 0) {
        handled++;
        r.target.onReady(WRITE);
      }
    } else {
      r.sendError = res == 0 ? -Errno.EPIPE : res;
      handled++;
      r.target.onReady(ERROR | (-r.sendError << ERRNO_SHIFT));
    }
    sync(r);
  }

  /** Closes the duplicate fd a handed-over send kept (the socket's last reference: it closes now), if any. */
  private static void closeLingerFd(RingRegistration r) {
    int fd = r.lingerFd;
    if (fd < 0) return;
    r.lingerFd = -1;
    if (LibC.close(fd) < 0) log.warn("io_uring: {}", Errno.lastError("close(fd=" + fd + ")").getMessage());
  }

  /** Readiness bits for poll revents, within the interest (errors always). */
  private static int ready(int revents, RingRegistration r) {
    int ops = 0;
    if ((revents & (POLLIN | POLLRDHUP)) != 0 && r.reader == null && (r.interest & READ) != 0) ops |= READ;
    if ((revents & POLLOUT) != 0 && (r.interest & WRITE) != 0) ops |= WRITE;
    if ((revents & (POLLERR | POLLHUP)) != 0) ops |= ERROR;
    return ops;
  }

  private void received(RingRegistration r, int res, int flags) throws IOException {
    if (!Uring.hasMore(flags)) {
      r.recvArmed = false;
      r.recvCancelling = false;
    }
    if (res > 0) {
      r.hold(buffers.take(flags), res);
    } else if (res == 0) {
      r.end = RingRegistration.END_OF_STREAM;
    } else if (res == -Errno.ENOBUFS) { // the bytes stay in the socket until buffers come back
      if (!r.starved) {
        r.starved = true;
        starved.add(r);
      }
    } else if (res != -Errno.ECANCELED) {
      r.end = res;
    }
    if (r.hasInput() && !r.queued) {
      r.queued = true;
      deliveries.add(r);
    } else if (!r.recvArmed) {
      sync(r);
    }
  }

  /** Hands each reader what arrived this turn: one READ call per registration, however many buffers came. */
  private void deliver() {
    for (int n = deliveries.size(); n > 0; n--) {
      RingRegistration r = deliveries.poll();
      r.queued = false;
      if (r.dead) continue;
      try {
        if ((r.interest & READ) != 0 && r.hasInput()) {
          handled++;
          r.target.onReady(READ);
        }
        if (r.dead) continue;
        if (r.holdsBuffers()) r.spill(); // a paused reader left some: keep it, give the buffers back
        sync(r);
      } catch (Throwable t) {
        log.error("io_uring delivery for fd {} failed", r.target.fd, t);
      }
    }
  }

  private void rearmStarved() {
    for (int n = starved.size(); n > 0; n--) {
      RingRegistration r = starved.poll();
      r.starved = false;
      try {
        sync(r);
      } catch (IOException | RuntimeException e) {
        log.error("io_uring: re-arming recv for fd {} failed", r.target.fd, e);
      }
    }
  }

  private void rearmWake(int res) {
    if (closed) return;
    if (res < 0 && res != -Errno.ECANCELED) log.warn("io_uring eventfd read failed: {}", Errno.name(-res));
    try {
      ring.read(eventFd, wokenAddress, 8, KIND_WAKE);
    } catch (IOException | RuntimeException e) {
      log.error("io_uring: re-arming the wake-up read failed", e);
    }
  }

  /** The ring under this poller (tests look at its counters). */
  Ring ring() {
    return ring;
  }

  /** The send slots (tests look at how many are lent). */
  SendSlots sendSlots() {
    return sendSlots;
  }

  /** The provided buffers (tests look at how many the kernel has). */
  BufferRing buffers() {
    return buffers;
  }

  @Override
  public void wakeup() {
    // A full counter (EAGAIN) still leaves the eventfd readable, so the loop wakes either way.
    LibC.write(eventFd, wakeAddress, 8);
  }

  @Override
  public boolean isEdgeTriggered() {
    return false;
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("closed");
  }

  /** Cancels every op (the ring waits for their last completions), releases the ring, then the eventfd. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    startSends(); // accepted for sending this last turn: submitted ahead of the cancel, so what fits goes out
    closed = true;
    ring.close((u, res, flags) -> { });
    for (RingRegistration r : slots) if (r != null) closeLingerFd(r);
    sendSlots.close(ring.inFlight() == 0); // else a send may still read its slot: leak it rather than unmap
    if (LibC.close(eventFd) < 0) throw Errno.lastError("close(eventfd=" + eventFd + ")");
  }
}

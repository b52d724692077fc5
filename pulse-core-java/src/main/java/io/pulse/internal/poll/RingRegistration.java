package io.pulse.internal.poll;

import io.pulse.internal.buffer.OutboundBuffer;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.uring.BufferRing;
import io.pulse.internal.uring.SendSlots;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One {@link Pollable} on a {@link UringPoller}: its slot and generation (both in the user data of its ops, so a late
 * completion never reaches a later registration), what is in flight, and, for a {@link CompletionSocket}, the
 * received buffers not yet taken and the send in flight. Buffers are lent by the loop's buffer ring only until the
 * end of a turn (the reader reads the oldest in place, {@link #lend}, and gives it back once done with it); input a
 * paused reader leaves behind is copied aside ({@link #spill}) so an idle or paused
 * connection holds no buffer. A send reads the writer's queue in place (its chunk pinned) or a send slot the queue
 * was gathered into; either is held from the send's start to its completion. A deregistered
 * registration keeps its slot until its last op has completed. Loop thread only.
 */
final class RingRegistration implements Inbox, Outbox {
  static final int END_OF_STREAM = 1;

  final Pollable target;
  final CompletionSocket reader;
  final int slot;
  /** The slot and generation part of every user data of this registration's ops. */
  final long userData;
  private final UringPoller poller;
  private final BufferRing buffers;
  private final ByteBuffer memory;
  private final SendSlots sendSlots;

  int interest;
  boolean dead;
  boolean pollArmed;
  int pollEvents;
  boolean pollRemoving;
  boolean recvArmed;
  boolean recvCancelling;
  boolean starved;
  boolean queued; // in the poller's delivery queue
  /** The poller's turn in which an op was last queued (not yet submitted while it is still that turn). */
  long armedTurn;
  /** 0 while input may come, END_OF_STREAM, or -errno of the receive that failed. */
  int end;

  // The send in flight: where its bytes are (a slot they were copied into, or the writer's queue pinned in place),
  // how many, how many the kernel took so far; then what it confirmed, or its error.
  boolean sendInFlight;
  int sendSlot = -1;
  OutboundBuffer sendingFrom;
  long sendAddress;
  int sendLength;
  int sendOffset;
  long confirmed;
  int sendError;
  /** The writer's queue, to send from at the turn's end (its slot is reserved); null when no send waits. */
  OutboundBuffer pendingOut;
  /** The socket closes with its send left to finish ({@link #handOver}): the deregistration does not cancel it. */
  boolean handedOver;
  /** When a handed-over send still in flight is cancelled (System.nanoTime), and whether it was. */
  long lingerDeadline;
  boolean lingerCancelled;
  /** A duplicate of the closed socket's fd, for the rest of a short handed-over send; -1 when none. */
  int lingerFd = -1;

  // Received buffers: (bid << 32 | length), oldest at head; offset into the oldest.
  private long[] held;
  private int head;
  private int count;
  private int offset;
  /** The buffer {@link #lend} lent to the reader (no longer in {@link #held}), -1 when none. */
  private int lentBid = -1;
  // Input copied aside from buffers the reader did not take in their turn.
  private byte[] spill;
  private int spillStart;
  private int spillLength;

  RingRegistration(UringPoller poller, Pollable target, CompletionSocket reader, int slot, int generation,
      BufferRing buffers, SendSlots sendSlots) {
    this.poller = poller;
    this.target = target;
    this.reader = reader;
    this.slot = slot;
    this.userData = ((long) generation << 32) | ((long) slot << 8);
    this.buffers = buffers;
    this.memory = buffers == null ? null : buffers.memory();
    this.sendSlots = sendSlots;
  }

  /** True while an op of this registration may still post a completion. */
  boolean busy() {
    return recvArmed || pollArmed || sendInFlight;
  }

  // ---- output ----

  /**
   * Never sends at once: the bytes go to the writer's queue, and {@link #send(OutboundBuffer)} sends the queue at the
   * turn's end, so the writes of one turn leave in one send.
   */
  @Override
  public long send(ByteBuffer src, int offset, int length) throws IOException {
    if (sendError != 0) throw sendFailure();
    return -1;
  }

  @Override
  public long send(OutboundBuffer out) throws IOException {
    if (sendError != 0) throw sendFailure();
    if (confirmed > 0) {
      long c = confirmed;
      confirmed = 0;
      out.offered(c);
      return c;
    }
    if (sendInFlight || pendingOut != null) return -1;
    if (!out.inOneChunk()) { // spread over chunks: gathered into a slot
      int s = sendSlots.take();
      if (s < 0) return NO_SLOT;
      sendSlot = s;
    }
    pendingOut = out;
    poller.sendAtTurnEnd(this);
    return -1;
  }

  /**
   * Submits what the writer's queue holds: in place when one chunk holds it all (the chunk stays pinned until the
   * send completes), else copied into a slot (up to a slot's size); with no slot free, the first chunk in place.
   */
  void startPendingSend() throws IOException {
    OutboundBuffer out = pendingOut;
    pendingOut = null;
    if (sendSlot < 0 && !out.inOneChunk()) sendSlot = sendSlots.take(); // grew past a chunk since
    if (sendSlot >= 0) {
      int n = out.copyTo(sendSlots.memory(), sendSlots.offset(sendSlot), sendSlots.slotSize());
      poller.startSend(this, sendSlots.address(sendSlot), n);
    } else {
      long address = out.pinHead();
      sendingFrom = out;
      poller.startSend(this, address, (int) out.offered());
    }
  }

  @Override
  public long handOver(OutboundBuffer out) {
    if (sendError != 0) return 0;
    long done = confirmed; // sent already; the writer had not consumed them yet
    confirmed = 0;
    if (done > 0) out.consume(done);
    dropPendingSend();
    if (sendInFlight) {
      handedOver = true;
      out.consume(sendLength); // a chunk it reads in place stays pinned until it completes
      done += sendLength;
    }
    return done;
  }

  @Override
  public boolean sending() {
    return sendInFlight;
  }

  /** Gives back the slot reserved for a send that will not start (the socket is going away). */
  void dropPendingSend() {
    if (pendingOut == null) return;
    pendingOut = null;
    if (sendSlot >= 0) sendSlots.give(sendSlot);
    sendSlot = -1;
  }

  private IOException sendFailure() {
    return Errno.newIOException("send(fd=" + target.fd + ") [io_uring]", -sendError);
  }

  /** The send finished (or failed, or was cancelled): its slot goes back, or the chunk it read is unpinned. */
  void sendDone() {
    sendInFlight = false;
    if (sendSlot >= 0) sendSlots.give(sendSlot);
    sendSlot = -1;
    if (sendingFrom != null) {
      sendingFrom.unpin();
      sendingFrom = null;
    }
  }

  // ---- input ----

  /** Keeps buffer {@code bid} holding {@code length} received bytes until the reader takes them. */
  void hold(int bid, int length) {
    if (held == null) held = new long[4];
    else if (count == held.length) grow();
    held[(head + count) & (held.length - 1)] = ((long) bid << 32) | length;
    count++;
  }

  private void grow() {
    long[] bigger = new long[held.length * 2];
    for (int i = 0; i < count; i++) bigger[i] = held[(head + i) & (held.length - 1)];
    held = bigger;
    head = 0;
  }

  /** True if the reader has something to take: bytes, the end of the stream, or an error. */
  @Override
  public boolean hasInput() {
    return count > 0 || spillLength > 0 || end != 0;
  }

  /** True while buffers of the ring are held here. */
  boolean holdsBuffers() {
    return count > 0;
  }

  @Override
  public int take(ByteBuffer dst, long address, int length) throws IOException {
    int n = 0;
    dst.clear(); // absolute puts check the limit a callback's view left behind
    if (spillLength > 0) {
      n = Math.min(length, spillLength);
      dst.put(0, spill, spillStart, n);
      spillStart += n;
      spillLength -= n;
      if (spillLength == 0) spillStart = 0;
    }
    while (n < length && count > 0) {
      long e = held[head];
      int bid = (int) (e >>> 32);
      int len = (int) e;
      int k = Math.min(length - n, len - offset);
      dst.put(n, memory, buffers.offset(bid) + offset, k);
      n += k;
      offset += k;
      if (offset == len) release();
    }
    if (n > 0) return n;
    if (end == 0) return -1;
    if (end == END_OF_STREAM) return 0;
    throw Errno.newIOException("recv(fd=" + target.fd + ") [io_uring]", -end);
  }

  /**
   * Lends the oldest held buffer as it is when nothing was spilled before it, it was not partly taken and it fits
   * {@code length}; otherwise copies as {@link #take} does.
   */
  @Override
  public int lend(ByteBuffer dst, long address, int length) throws IOException {
    giveBack();
    if (count > 0 && spillLength == 0 && offset == 0) {
      long e = held[head];
      int len = (int) e;
      if (len <= length) {
        lentBid = (int) (e >>> 32);
        head = (head + 1) & (held.length - 1);
        count--;
        return len;
      }
    }
    return take(dst, address, length);
  }

  @Override
  public ByteBuffer lent() {
    return lentBid < 0 ? null : buffers.view(lentBid);
  }

  @Override
  public ByteBuffer lentBigEndian() {
    return lentBid < 0 ? null : buffers.bigEndianView(lentBid);
  }

  @Override
  public void giveBack() {
    int bid = lentBid;
    if (bid < 0) return;
    lentBid = -1;
    buffers.recycle(bid);
  }

  /** Recycles the oldest held buffer. */
  private void release() {
    buffers.recycle((int) (held[head] >>> 32));
    head = (head + 1) & (held.length - 1);
    count--;
    offset = 0;
  }

  /** Copies what the held buffers still carry aside and gives them back to the kernel. */
  void spill() {
    int bytes = 0;
    for (int i = 0; i < count; i++) bytes += (int) held[(head + i) & (held.length - 1)];
    bytes -= offset;
    if (spill == null || spill.length - spillStart - spillLength < bytes) {
      byte[] bigger = new byte[Math.max(spillLength + bytes, spill == null ? 0 : spill.length)];
      if (spillLength > 0) System.arraycopy(spill, spillStart, bigger, 0, spillLength);
      spill = bigger;
      spillStart = 0;
    }
    while (count > 0) {
      long e = held[head];
      int bid = (int) (e >>> 32);
      int k = (int) e - offset;
      memory.get(buffers.offset(bid) + offset, spill, spillStart + spillLength, k);
      spillLength += k;
      release();
    }
  }

  /**
   * Gives every held buffer back and forgets the input (the socket is going away). A lent buffer stays with the
   * reader, who may still be reading it, until its {@link #giveBack}.
   */
  void discard() {
    while (count > 0) release();
    spill = null;
    spillLength = 0;
  }

  @Override
  public String toString() {
    return "registration(fd=" + target.fd + ", slot=" + slot + ", held=" + count + ", lent=" + lentBid
        + ", spilled=" + spillLength
        + ", end=" + end + ", interest=" + interest + ", buffers=" + (held == null ? "[]" : Arrays.toString(held))
        + ")";
  }
}

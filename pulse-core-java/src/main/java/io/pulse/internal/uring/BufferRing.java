package io.pulse.internal.uring;

import io.pulse.internal.unix.DirectBuffers;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provided buffer ring ({@code IORING_REGISTER_PBUF_RING}): {@code entries} buffers of {@code bufferSize} bytes
 * in one mapping that the kernel picks from for ops with buffer select (multishot recv), so an idle connection holds
 * no buffer. A completion names its buffer in its flags ({@link #take}); the owner gives it back with
 * {@link #recycle} once the bytes are consumed. When every buffer is out, recv completes with {@code -ENOBUFS} and
 * ends (no bytes are lost: they stay in the socket until the recv is re-armed). Ring thread only.
 */
public final class BufferRing {
  private static final Logger log = LoggerFactory.getLogger(BufferRing.class);
  private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.nativeOrder());
  private static final int ENTRY_SIZE = 16; // struct io_uring_buf: addr u64, len u32, bid u16, resv u16
  private static final int TAIL_OFFSET = 14; // the ring's tail overlays bufs[0].resv
  private static final int MAX_ENTRIES = 32768;

  private final Ring ring;
  private final int groupId;
  private final int entries;
  private final int mask;
  private final int bufferSize;
  private final Mapping memory; // [entries * 16 bytes of ring][entries * bufferSize bytes of buffers]
  private final ByteBuffer ringView;
  private final long dataAddress;
  private final ByteBuffer data;
  private final boolean[] held; // true from take() to recycle(): the owner has the buffer, the kernel does not
  // Views of single buffers (index 0 = the buffer's first byte), made on first use: native and big-endian order.
  private final ByteBuffer[] views;
  private final ByteBuffer[] bigEndianViews;
  private int tail;
  private int inKernel;
  private boolean registered;
  private boolean released;

  BufferRing(Ring ring, int groupId, int entries, int bufferSize) throws IOException {
    if (entries <= 0 || entries > MAX_ENTRIES || Integer.bitCount(entries) != 1) {
      throw new IllegalArgumentException("entries must be a power of two in 1.." + MAX_ENTRIES + ": " + entries);
    }
    if (bufferSize <= 0) throw new IllegalArgumentException("bufferSize <= 0: " + bufferSize);
    if (groupId < 0 || groupId > 0xffff) throw new IllegalArgumentException("groupId not a u16: " + groupId);
    this.ring = ring;
    this.groupId = groupId;
    this.entries = entries;
    this.mask = entries - 1;
    this.bufferSize = bufferSize;
    long ringBytes = (long) entries * ENTRY_SIZE;
    memory = Mapping.anonymous(ringBytes + (long) entries * bufferSize, "buffer ring " + groupId);
    ringView = memory.buf.duplicate().order(ByteOrder.nativeOrder());
    dataAddress = memory.address + ringBytes;
    data = memory.buf.duplicate().position((int) ringBytes).slice().order(ByteOrder.nativeOrder());
    held = new boolean[entries];
    views = new ByteBuffer[entries];
    bigEndianViews = new ByteBuffer[entries];
    ByteBuffer reg = DirectBuffers.allocate(40); // struct io_uring_buf_reg: ring_addr, ring_entries, bgid, flags, resv[3]
    reg.putLong(0, memory.address);
    reg.putInt(8, entries);
    reg.putShort(12, (short) groupId);
    try {
      ring.register(Uring.REGISTER_PBUF_RING, DirectBuffers.address(reg), 1,
          "REGISTER_PBUF_RING, bgid=" + groupId + ", entries=" + entries);
    } catch (IOException e) {
      memory.unmap();
      throw e;
    }
    registered = true;
    for (int bid = 0; bid < entries; bid++) add(bid);
    publish();
    inKernel = entries;
  }

  /** The buffer group id ops select from. */
  public int groupId() {
    return groupId;
  }

  /** Number of buffers. */
  public int count() {
    return entries;
  }

  /** Bytes per buffer. */
  public int bufferSize() {
    return bufferSize;
  }

  /** Buffers the kernel can still fill; 0 means recv will fail with ENOBUFS. */
  public int available() {
    return inKernel;
  }

  /** All buffers, back to back: buffer {@code bid} starts at {@link #offset(int)}. Absolute gets only; not after close. */
  public ByteBuffer memory() {
    return data;
  }

  /** Where buffer {@code bid} starts in {@link #memory()}. */
  public int offset(int bid) {
    return bid * bufferSize;
  }

  /**
   * Buffer {@code bid} alone, in native byte order (its index 0 is the buffer's first byte); position and limit are
   * the caller's to set. Only while the caller holds the buffer, never after close.
   */
  public ByteBuffer view(int bid) {
    ByteBuffer v = views[bid];
    if (v == null) views[bid] = v = data.slice(offset(bid), bufferSize).order(ByteOrder.nativeOrder());
    return v;
  }

  /** As {@link #view}, in big-endian order (what codecs read). */
  public ByteBuffer bigEndianView(int bid) {
    ByteBuffer v = bigEndianViews[bid];
    if (v == null) bigEndianViews[bid] = v = data.slice(offset(bid), bufferSize).order(ByteOrder.BIG_ENDIAN);
    return v;
  }

  /** The native address of buffer {@code bid}. */
  public long address(int bid) {
    return dataAddress + (long) bid * bufferSize;
  }

  /** Takes the buffer a completion carries (its flags): the caller owns it until {@link #recycle}. */
  public int take(int cqeFlags) {
    if (!Uring.hasBuffer(cqeFlags)) throw new IllegalArgumentException("completion carries no buffer: flags=0x"
        + Integer.toHexString(cqeFlags));
    int bid = Uring.bufferId(cqeFlags);
    if (bid >= entries || held[bid]) throw new IllegalStateException("buffer id " + bid + " not lent to the kernel");
    held[bid] = true;
    inKernel--;
    return bid;
  }

  /** Gives buffer {@code bid} back to the kernel (release store of the ring tail). */
  public void recycle(int bid) {
    if (released) throw new IllegalStateException("closed"); // the ring memory is gone: writing it would crash
    if (bid < 0 || bid >= entries || !held[bid]) throw new IllegalArgumentException("not a taken buffer: " + bid);
    held[bid] = false;
    add(bid);
    publish();
    inKernel++;
  }

  private void add(int bid) {
    int b = (tail & mask) * ENTRY_SIZE;
    ringView.putLong(b, address(bid));
    ringView.putInt(b + 8, bufferSize);
    ringView.putShort(b + 12, (short) bid);
    tail++;
  }

  private void publish() {
    SHORT.setRelease(ringView, TAIL_OFFSET, (short) tail);
  }

  /**
   * Unregisters the group and unmaps its memory; only when no op that selects from it is in flight, on the ring's
   * thread. The ring's close releases its buffer rings itself.
   */
  public void close() throws IOException {
    ring.forget(this);
    released = true;
    if (registered) {
      registered = false;
      ByteBuffer reg = DirectBuffers.allocate(40);
      reg.putShort(12, (short) groupId);
      try {
        ring.register(Uring.UNREGISTER_PBUF_RING, DirectBuffers.address(reg), 1, "UNREGISTER_PBUF_RING, bgid=" + groupId);
      } finally {
        memory.unmap();
      }
    }
  }

  /**
   * At the ring's close: the ring fd's teardown unregisters the group (the kernel pinned the ring's pages), so only
   * the memory is ours to unmap, and only if no op can still fill a buffer ({@code quiet}).
   */
  void release(boolean quiet) {
    registered = false;
    released = true;
    if (!quiet) return;
    try {
      memory.unmap();
    } catch (IOException e) {
      log.warn("{}", e.getMessage());
    }
  }
}

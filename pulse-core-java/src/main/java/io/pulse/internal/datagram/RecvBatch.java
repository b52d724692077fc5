package io.pulse.internal.datagram;

import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.SocketCalls;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Off-heap space for receiving several datagrams with one {@code recvmmsg} (Linux, 64-bit): per slot a buffer of
 * {@code slotSize} bytes, a sockaddr, an iovec and a {@code struct mmsghdr}, all laid out once and reused.
 * Loop thread only.
 */
final class RecvBatch {
  /** sizeof(struct mmsghdr) on LP64 Linux: struct msghdr (56) + msg_len (4) + padding. */
  private static final int MMSG = 64;
  private static final int NAMELEN_OFFSET = 8;
  private static final int MSG_LEN_OFFSET = 56;
  /** Room for sockaddr_in6 (28 bytes). */
  static final int NAME_SIZE = 32;
  /** At most this much memory for the slot buffers of one socket. */
  private static final int MAX_BYTES = 1 << 20;

  final int slots;
  /** The native memory the kernel reads and writes: held here so the GC cannot free it while in use. */
  private final ByteBuffer bufs;
  private final ByteBuffer nameSpace;
  private final ByteBuffer iovs;
  private final ByteBuffer msgs;
  private final long msgsAddress;
  private final ByteBuffer[] data;
  private final ByteBuffer[] names;

  RecvBatch(int slotSize) {
    slots = Math.max(1, Math.min(32, MAX_BYTES / slotSize));
    bufs = DirectBuffers.allocate(slots * slotSize);
    nameSpace = DirectBuffers.allocate(slots * NAME_SIZE);
    iovs = DirectBuffers.allocate(slots * 16);
    msgs = DirectBuffers.allocate(slots * MMSG);
    long bufsAddress = DirectBuffers.address(bufs);
    long namesAddress = DirectBuffers.address(nameSpace);
    long iovsAddress = DirectBuffers.address(iovs);
    msgsAddress = DirectBuffers.address(msgs);
    data = new ByteBuffer[slots];
    names = new ByteBuffer[slots];
    for (int i = 0; i < slots; i++) {
      data[i] = bufs.slice(i * slotSize, slotSize);
      names[i] = nameSpace.slice(i * NAME_SIZE, NAME_SIZE).order(java.nio.ByteOrder.nativeOrder());
      iovs.putLong(i * 16, bufsAddress + (long) i * slotSize);
      iovs.putLong(i * 16 + 8, slotSize);
      int m = i * MMSG;
      msgs.putLong(m, namesAddress + (long) i * NAME_SIZE); // msg_name
      msgs.putInt(m + NAMELEN_OFFSET, NAME_SIZE);            // msg_namelen
      msgs.putLong(m + 16, iovsAddress + i * 16L);            // msg_iov
      msgs.putLong(m + 24, 1);                                // msg_iovlen
      msgs.putLong(m + 32, 0);                                // msg_control
      msgs.putLong(m + 40, 0);                                // msg_controllen
      msgs.putInt(m + 48, 0);                                 // msg_flags
    }
  }

  /** Receives up to {@link #slots} datagrams; returns how many (0: none waiting). */
  int receive(int fd) throws IOException {
    for (int i = 0; i < slots; i++) msgs.putInt(i * MMSG + NAMELEN_OFFSET, NAME_SIZE);
    return SocketCalls.recvmmsg(fd, msgsAddress, slots);
  }

  /** The length of datagram {@code i} of the last receive (capped at the slot size). */
  int length(int i) {
    return msgs.getInt(i * MMSG + MSG_LEN_OFFSET);
  }

  /** Slot {@code i}'s data buffer (position and limit are the caller's). */
  ByteBuffer data(int i) {
    return data[i];
  }

  /** Slot {@code i}'s sender sockaddr, from offset 0. */
  ByteBuffer name(int i) {
    return names[i];
  }

  /** The sockaddr length the kernel wrote for slot {@code i}. */
  int nameLength(int i) {
    return msgs.getInt(i * MMSG + NAMELEN_OFFSET);
  }
}

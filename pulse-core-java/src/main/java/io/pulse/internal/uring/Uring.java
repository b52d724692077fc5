package io.pulse.internal.uring;

import io.pulse.internal.unix.Errno;
import java.io.IOException;

/**
 * Constants of the io_uring ABI, as in {@code linux/io_uring.h}. Debian's 6.1 header lacks a few the running kernel
 * has; those are marked with the kernel version that added them.
 */
public final class Uring {
  private Uring() {}

  // Opcodes (enum io_uring_op).
  public static final int OP_NOP = 0;
  public static final int OP_WRITEV = 2;
  public static final int OP_POLL_ADD = 6;
  public static final int OP_POLL_REMOVE = 7;
  public static final int OP_SENDMSG = 9;
  public static final int OP_TIMEOUT = 11;
  public static final int OP_ACCEPT = 13;
  public static final int OP_ASYNC_CANCEL = 14;
  public static final int OP_CONNECT = 16;
  public static final int OP_CLOSE = 19;
  public static final int OP_READ = 22;
  public static final int OP_SEND = 26;
  public static final int OP_RECV = 27;
  public static final int OP_SHUTDOWN = 34;

  // sqe->flags
  public static final int IOSQE_IO_LINK = 1 << 2;
  public static final int IOSQE_ASYNC = 1 << 4;
  public static final int IOSQE_BUFFER_SELECT = 1 << 5;

  // sqe->ioprio for accept and send/recv
  public static final int ACCEPT_MULTISHOT = 1;
  public static final int RECVSEND_POLL_FIRST = 1;
  public static final int RECV_MULTISHOT = 1 << 1;

  // sqe->cancel_flags
  public static final int ASYNC_CANCEL_ALL = 1;
  public static final int ASYNC_CANCEL_FD = 1 << 1;
  public static final int ASYNC_CANCEL_ANY = 1 << 2;

  // cqe->flags
  public static final int CQE_F_BUFFER = 1;
  public static final int CQE_F_MORE = 1 << 1;
  public static final int CQE_F_SOCK_NONEMPTY = 1 << 2;
  public static final int CQE_BUFFER_SHIFT = 16;

  // io_uring_setup flags
  public static final int SETUP_CQSIZE = 1 << 3;
  public static final int SETUP_CLAMP = 1 << 4;
  public static final int SETUP_R_DISABLED = 1 << 6;
  public static final int SETUP_SUBMIT_ALL = 1 << 7;
  public static final int SETUP_COOP_TASKRUN = 1 << 8;
  public static final int SETUP_SINGLE_ISSUER = 1 << 12;
  public static final int SETUP_DEFER_TASKRUN = 1 << 13;

  // io_uring_params->features
  public static final int FEAT_SINGLE_MMAP = 1;
  public static final int FEAT_NODROP = 1 << 1;
  public static final int FEAT_FAST_POLL = 1 << 5;
  public static final int FEAT_EXT_ARG = 1 << 8;

  // sq_ring->flags
  public static final int SQ_CQ_OVERFLOW = 1 << 1;
  public static final int SQ_TASKRUN = 1 << 2;

  // io_uring_enter flags
  public static final int ENTER_GETEVENTS = 1;
  public static final int ENTER_EXT_ARG = 1 << 3;

  // io_uring_register opcodes
  public static final int REGISTER_PROBE = 8;
  public static final int REGISTER_ENABLE_RINGS = 12;
  public static final int REGISTER_PBUF_RING = 22;
  public static final int UNREGISTER_PBUF_RING = 23;

  // mmap offsets
  static final long OFF_SQ_RING = 0L;
  static final long OFF_CQ_RING = 0x8000000L;
  static final long OFF_SQES = 0x10000000L;

  static final int SQE_SIZE = 64;
  static final int CQE_SIZE = 16;

  /** struct io_uring_params: 120 bytes; the offsets below are its fields. */
  static final int PARAMS_SIZE = 120;
  static final int P_SQ_ENTRIES = 0;
  static final int P_CQ_ENTRIES = 4;
  static final int P_FLAGS = 8;
  static final int P_FEATURES = 20;
  static final int P_SQ_OFF = 40; // struct io_sqring_offsets: head, tail, ring_mask, ring_entries, flags, dropped, array
  static final int P_CQ_OFF = 80; // struct io_cqring_offsets: head, tail, ring_mask, ring_entries, overflow, cqes, flags

  /** The IOException for a failed completion ({@code res < 0}), named like a failed syscall: "recv(fd=7): ECONNRESET (...)". */
  public static IOException error(String call, int res) {
    if (res >= 0) throw new IllegalArgumentException(call + " did not fail: res " + res);
    return Errno.newIOException(call, -res);
  }

  /** True if a completion carries a provided buffer (then {@link #bufferId} names it). */
  public static boolean hasBuffer(int cqeFlags) {
    return (cqeFlags & CQE_F_BUFFER) != 0;
  }

  /** The provided buffer id in a completion's flags. */
  public static int bufferId(int cqeFlags) {
    return cqeFlags >>> CQE_BUFFER_SHIFT;
  }

  /** True if the op that posted this completion (multishot) stays armed. */
  public static boolean hasMore(int cqeFlags) {
    return (cqeFlags & CQE_F_MORE) != 0;
  }
}

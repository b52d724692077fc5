package io.pulse.internal.uring;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory a ring shares with the kernel: the SQ and CQ rings (one mapping with {@code IORING_FEAT_SINGLE_MMAP})
 * and the SQE array, mapped from the ring fd at the offsets {@code io_uring_setup} reported in its params.
 */
final class RingMemory {
  private static final Logger log = LoggerFactory.getLogger(RingMemory.class);

  final Mapping sqRing;
  final Mapping cqRing; // == sqRing with FEAT_SINGLE_MMAP
  final Mapping sqes;

  private RingMemory(Mapping sqRing, Mapping cqRing, Mapping sqes) {
    this.sqRing = sqRing;
    this.cqRing = cqRing;
    this.sqes = sqes;
  }

  /** Maps the rings of {@code ringFd} as described by the {@code io_uring_params} in {@code p}. */
  static RingMemory map(int ringFd, java.nio.ByteBuffer p) throws IOException {
    int sqEntries = p.getInt(Uring.P_SQ_ENTRIES);
    int cqEntries = p.getInt(Uring.P_CQ_ENTRIES);
    long sqSize = p.getInt(Uring.P_SQ_OFF + 24) + 4L * sqEntries; // sq_off.array + entries * u32
    long cqSize = p.getInt(Uring.P_CQ_OFF + 20) + (long) Uring.CQE_SIZE * cqEntries; // cq_off.cqes + entries * cqe
    Mapping sqr = null;
    Mapping cqr = null;
    try {
      if ((p.getInt(Uring.P_FEATURES) & Uring.FEAT_SINGLE_MMAP) != 0) {
        sqr = cqr = Mapping.ofRing(ringFd, Uring.OFF_SQ_RING, Math.max(sqSize, cqSize), "SQ+CQ rings");
      } else {
        sqr = Mapping.ofRing(ringFd, Uring.OFF_SQ_RING, sqSize, "SQ ring");
        cqr = Mapping.ofRing(ringFd, Uring.OFF_CQ_RING, cqSize, "CQ ring");
      }
      return new RingMemory(sqr, cqr, Mapping.ofRing(ringFd, Uring.OFF_SQES, (long) Uring.SQE_SIZE * sqEntries, "SQEs"));
    } catch (IOException e) {
      unmapQuietly(sqr);
      if (cqr != sqr) unmapQuietly(cqr);
      throw e;
    }
  }

  /** Unmaps all (after the ring fd is closed the kernel keeps its own references until teardown). */
  void unmap() {
    unmapQuietly(sqes);
    unmapQuietly(sqRing);
    if (cqRing != sqRing) unmapQuietly(cqRing);
  }

  private static void unmapQuietly(Mapping m) {
    if (m == null) return;
    try {
      m.unmap();
    } catch (IOException e) {
      log.warn("{}", e.getMessage());
    }
  }
}

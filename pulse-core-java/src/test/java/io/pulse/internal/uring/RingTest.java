package io.pulse.internal.uring;

import static io.pulse.internal.uring.UringTesting.assumeUring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.LinuxNative;
import io.pulse.testing.Fds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ring itself: setup, NOPs, wake-ups, a full SQ, an overflowing CQ, release of fds and mappings. */
class RingTest {
  private static final int EFD_NONBLOCK_CLOEXEC = 0x800 | 0x80000;

  @BeforeEach
  void requireUring() {
    assumeUring();
  }

  @Test
  void probeSaysAvailableWithNoCause() {
    assertTrue(UringProbe.isAvailable());
    assertNull(UringProbe.unavailabilityCause());
  }

  @Test
  void setsUpAsSingleIssuerWithDeferredTaskRunOnThisKernel() throws IOException {
    try (Ring ring = Ring.open(8)) {
      assertEquals(8, ring.sqEntries());
      assertEquals(16, ring.cqEntries());
      assertTrue((ring.setupFlags() & Uring.SETUP_SINGLE_ISSUER) != 0, "flags 0x" + Integer.toHexString(ring.setupFlags()));
      assertTrue((ring.setupFlags() & Uring.SETUP_DEFER_TASKRUN) != 0);
      assertTrue((ring.features() & Uring.FEAT_SINGLE_MMAP) != 0);
    }
  }

  @Test
  void nopRoundTripCarriesUserDataAndResultZero() throws IOException {
    try (Ring ring = Ring.open(8)) {
      ring.nop(0xCAFEBABE_12345678L);
      assertEquals(1, ring.inFlight());
      assertEquals(1, ring.submitAndWait(1, TimeUnit.SECONDS.toNanos(5)));
      long[] got = new long[3];
      assertEquals(1, ring.drain((u, res, flags) -> {
        got[0] = u;
        got[1] = res;
        got[2] = flags;
      }));
      assertEquals(0xCAFEBABE_12345678L, got[0]);
      assertEquals(0, got[1]);
      assertEquals(0, got[2]);
      assertEquals(0, ring.inFlight());
    }
  }

  @Test
  void turnsAllocateNothingOnTheJavaHeap() throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] sum = {0};
    CompletionHandler h = (u, r, f) -> sum[0] += u;
    try (Ring ring = Ring.open(64)) {
      for (int warm = 0; warm < 3; warm++) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
          for (int j = 0; j < 8; j++) ring.nop(j); // 160,000 SQEs and CQEs per round
          ring.submitAndWait(8, TimeUnit.SECONDS.toNanos(1));
          ring.drain(h);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        if (warm == 2) assertTrue(allocated < 1024, allocated + " bytes allocated for 20,000 turns");
      }
      assertEquals(3 * 20_000L * 28, sum[0]);
    }
  }

  @Test
  void waitWithoutCompletionsReturnsAtTheTimeout() throws IOException {
    try (Ring ring = Ring.open(8)) {
      long t0 = System.nanoTime();
      assertEquals(0, ring.submitAndWait(1, TimeUnit.MILLISECONDS.toNanos(50)));
      long waited = System.nanoTime() - t0;
      assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(45), "returned after " + waited + " ns");
      assertTrue(waited < TimeUnit.SECONDS.toNanos(5), "returned after " + waited + " ns");
      assertEquals(0, ring.drain((u, r, f) -> { }));
    }
  }

  @Test
  void eventfdReadCompletesWhenAnotherThreadWrites() throws Exception {
    int efd = LinuxNative.eventfd(0, EFD_NONBLOCK_CLOEXEC);
    assertTrue(efd >= 0);
    ByteBuffer counter = DirectBuffers.allocate(8);
    try (Ring ring = Ring.open(8)) {
      ring.read(efd, DirectBuffers.address(counter), 8, 7);
      ring.submit();
      CountDownLatch armed = new CountDownLatch(1);
      Thread waker = new Thread(() -> {
        try {
          armed.await();
          ByteBuffer one = DirectBuffers.allocate(8);
          one.putLong(0, 1L);
          LibC.write(efd, DirectBuffers.address(one), 8);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      waker.start();
      assertEquals(0, ring.submitAndWait(1, TimeUnit.MILLISECONDS.toNanos(20)));
      assertEquals(0, ring.drain((u, r, f) -> { }), "no write yet, no completion");
      armed.countDown();
      int[] res = {Integer.MIN_VALUE};
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (res[0] == Integer.MIN_VALUE && System.nanoTime() < deadline) {
        ring.submitAndWait(1, TimeUnit.SECONDS.toNanos(1));
        ring.drain((u, r, f) -> res[0] = u == 7 ? r : -9999);
      }
      waker.join(5000);
      assertEquals(8, res[0]);
      assertEquals(1L, counter.getLong(0));
    } finally {
      LibC.close(efd);
    }
  }

  @Test
  void moreSubmissionsThanSqEntriesInOneTurnAllComplete() throws IOException {
    try (Ring ring = Ring.open(4, 512)) {
      assertEquals(4, ring.sqEntries());
      for (int i = 0; i < 100; i++) ring.nop(i); // the SQ fills 24 times: each time the ring submits and goes on
      ring.submitAndWait(100, TimeUnit.SECONDS.toNanos(5));
      List<Long> seen = new ArrayList<>();
      while (seen.size() < 100 && ring.drain((u, r, f) -> seen.add(u)) > 0) { }
      assertEquals(100, seen.size());
      for (int i = 0; i < 100; i++) assertEquals(i, seen.get(i));
      assertEquals(0, ring.unsubmitted());
      assertEquals(0, ring.inFlight());
    }
  }

  @Test
  void overflowingATinyCqLosesNoCompletion() throws IOException {
    overflowTinyCq(Ring.open(2, 4));
  }

  @Test
  void overflowingATinyCqLosesNoCompletionWithoutDeferredTaskRun() throws IOException {
    Ring ring = Ring.open(2, 4, new int[] {Uring.SETUP_SUBMIT_ALL});
    assertEquals(0, ring.setupFlags() & (Uring.SETUP_DEFER_TASKRUN | Uring.SETUP_SINGLE_ISSUER));
    overflowTinyCq(ring);
  }

  private static void overflowTinyCq(Ring opened) throws IOException {
    try (Ring ring = opened) {
      assertEquals(4, ring.cqEntries());
      for (int i = 0; i < 64; i++) ring.nop(i);
      ring.submitAndWait(0, 0);
      assertTrue(ring.cqOverflowPending(), "64 completions cannot fit in a CQ of 4");
      List<Long> seen = new ArrayList<>();
      ring.drain((u, r, f) -> {
        assertEquals(0, r);
        seen.add(u);
      });
      assertEquals(64, seen.size());
      for (int i = 0; i < 64; i++) assertEquals(i, seen.get(i));
      assertFalse(ring.cqOverflowPending());
      assertEquals(0, ring.droppedCompletions());
      assertEquals(0, ring.inFlight());
    }
  }

  @Test
  void enterFromAnotherThreadIsRefusedByName() throws Exception {
    try (Ring ring = Ring.open(8)) {
      ring.nop(1);
      ring.submitAndWait(1, TimeUnit.SECONDS.toNanos(5)); // this thread now owns the ring
      ring.drain((u, r, f) -> { });
      Throwable[] error = new Throwable[1];
      Thread other = new Thread(() -> error[0] = assertThrows(IOException.class, () -> ring.submitAndWait(0, 0)));
      other.start();
      other.join(5000);
      assertTrue(error[0].getMessage().startsWith("io_uring_enter(fd=" + ring.fd()), error[0].getMessage());
      assertTrue(error[0].getMessage().contains("EEXIST"), error[0].getMessage());
    }
  }

  @Test
  void closeReleasesTheRingFdItsMappingsAndTheBufferMemory() throws Exception {
    armAcceptAndClose(); // the first round loads classes and whatever the JVM opens lazily
    long fdsBefore = UringTesting.fdCount();
    long mapsBefore = UringTesting.uringMappings();
    long bufferAddress = armAcceptAndClose();
    assertFalse(UringTesting.mapped(bufferAddress), "buffer memory still mapped");
    assertEquals(mapsBefore, UringTesting.uringMappings());
    Fds.awaitAtMost(fdsBefore, Duration.ofSeconds(5));
  }

  @Test
  void closedBufferRingIsUnregisteredAndUnmappedSoItsGroupCanBeRegisteredAgain() throws IOException {
    try (Ring ring = Ring.open(8)) {
      BufferRing first = ring.registerBufferRing(9, 4, 4096);
      long address = first.address(0);
      IOException taken = assertThrows(IOException.class, () -> ring.registerBufferRing(9, 4, 4096));
      assertTrue(taken.getMessage().contains("REGISTER_PBUF_RING, bgid=9"), taken.getMessage());
      first.close();
      assertFalse(UringTesting.mapped(address));
      BufferRing second = ring.registerBufferRing(9, 4, 4096);
      assertEquals(4, second.available());
    }
  }

  @Test
  void closeFromAForeignThreadWithOpsInFlightKeepsTheBufferMemoryMapped() throws Exception {
    int efd = LinuxNative.eventfd(0, EFD_NONBLOCK_CLOEXEC);
    ByteBuffer counter = DirectBuffers.allocate(8);
    Ring ring = Ring.open(8);
    BufferRing buffers = ring.registerBufferRing(5, 1, 4096);
    Thread owner = new Thread(() -> {
      try {
        ring.read(efd, DirectBuffers.address(counter), 8, 1);
        ring.submitAndWait(0, 0); // this thread now owns the ring; the read stays in flight
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    owner.start();
    owner.join(5000);
    assertEquals(1, ring.inFlight());
    ring.close(); // not the owner: it cannot cancel, so the kernel may still use the ring's memory
    assertTrue(UringTesting.mapped(buffers.address(0)), "buffer memory must not be unmapped under the kernel");
    assertThrows(IllegalStateException.class, () -> ring.nop(1));
    LibC.close(efd);
  }

  /** Opens a ring with a buffer ring and a multishot accept in flight, closes it; returns the buffer address. */
  private static long armAcceptAndClose() throws IOException {
    long mapsBefore = UringTesting.uringMappings();
    int listen = UringTesting.listen();
    Ring ring = Ring.open(64);
    try {
      BufferRing buffers = ring.registerBufferRing(3, 16, 4096);
      assertTrue(UringTesting.mapped(buffers.address(0)));
      assertTrue(UringTesting.uringMappings() > mapsBefore);
      ring.acceptMultishot(listen, UringTesting.ACCEPT_FLAGS, 1);
      ring.submitAndWait(0, 0);
      assertEquals(1, ring.inFlight());
      ring.close(); // cancels the accept, waits for its last completion, then releases
      ring.close(); // idempotent
      assertEquals(0, ring.inFlight());
      assertThrows(IllegalStateException.class, () -> ring.nop(1));
      assertThrows(IllegalStateException.class, () -> ring.submitAndWait(0, 0));
      assertThrows(IllegalStateException.class, () -> ring.drain((u, r, f) -> { }));
      assertThrows(IllegalStateException.class, ring::unsubmitted);
      assertThrows(IllegalStateException.class, () -> buffers.recycle(0));
      return buffers.address(0);
    } finally {
      ring.close();
      assertEquals(0, LibC.close(listen));
    }
  }

  @Test
  void timeoutOpCompletesWithEtimeAfterItsDelay() throws IOException {
    ByteBuffer ts = DirectBuffers.allocate(16).putLong(0, 0L).putLong(8, TimeUnit.MILLISECONDS.toNanos(30));
    try (Ring ring = Ring.open(8)) {
      long t0 = System.nanoTime();
      ring.timeout(DirectBuffers.address(ts), 4);
      int[] res = {0};
      while (ring.inFlight() > 0) {
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        ring.submitAndWait(1, TimeUnit.SECONDS.toNanos(1));
        ring.drain((u, r, f) -> res[0] = r);
      }
      assertEquals(-Errno.ETIME, res[0]);
      assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(25));
      assertEquals(0, ring.droppedSubmissions());
    }
  }

  @Test
  void closingAnUnknownFdThroughTheRingReportsEbadf() throws IOException {
    try (Ring ring = Ring.open(8)) {
      ring.closeFd(1_000_000, 5);
      ring.submitAndWait(1, TimeUnit.SECONDS.toNanos(5));
      int[] res = {0};
      ring.drain((u, r, f) -> res[0] = r);
      assertEquals(-Errno.EBADF, res[0]);
    }
  }
}

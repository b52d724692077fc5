package io.pulse.internal.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Platform;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.NativeIoException;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** The probe's verdict and the causes it gives; the fallback of setup flags; completion errors. */
class UringProbeTest {
  @Test
  void availabilityAndCauseAgree() {
    assertEquals(UringProbe.isAvailable(), UringProbe.unavailabilityCause() == null);
    if (!Platform.isLinux()) assertTrue(UringProbe.unavailabilityCause().getMessage().contains("Linux"));
  }

  @Test
  void refusedSetupNamesTheSysctlAndSeccomp() {
    IOException e = Errno.newIOException("io_uring_setup(entries=8)", Errno.EPERM);
    String m = UringProbe.explainSetup(e).getMessage();
    assertTrue(m.contains("kernel.io_uring_disabled="), m);
    assertTrue(m.contains("seccomp"), m);
    assertTrue(m.endsWith("io_uring_setup(entries=8): EPERM (Operation not permitted)"), m);
  }

  @Test
  void missingSyscallSaysTheKernelHasNoIoUring() {
    IOException e = Errno.newIOException("io_uring_setup(entries=8)", Errno.ENOSYS);
    String m = UringProbe.explainSetup(e).getMessage();
    assertTrue(m.startsWith("this kernel has no io_uring"), m);
    assertTrue(m.contains("ENOSYS"), m);
  }

  @Test
  void otherSetupErrorsPassThrough() {
    IOException e = Errno.newIOException("io_uring_setup(entries=8)", Errno.ENOMEM);
    assertSame(e, UringProbe.explainSetup(e));
  }

  @Test
  void setupFallsBackWhenTheKernelRefusesFlags() throws IOException {
    UringTesting.assumeUring();
    int unknown = 1 << 30; // no such setup flag: EINVAL
    try (Ring ring = Ring.open(8, 0, new int[] {unknown | Uring.SETUP_SINGLE_ISSUER, Uring.SETUP_SUBMIT_ALL})) {
      assertEquals(Uring.SETUP_SUBMIT_ALL | Uring.SETUP_CLAMP, ring.setupFlags());
      ring.nop(3);
      ring.submitAndWait(1, 1_000_000_000L);
      long[] got = {0};
      assertEquals(1, ring.drain((u, r, f) -> got[0] = u));
      assertEquals(3, got[0]);
    }
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> Ring.open(8, 0, new int[] {unknown}));
    assertTrue(e.getMessage().startsWith("io_uring_setup(entries=8, cq_entries=0, flags=0x"), e.getMessage());
    assertEquals(Errno.EINVAL, ((NativeIoException) e).errno());
  }

  @Test
  void failedCompletionBecomesANamedIoException() {
    IOException e = Uring.error("recv(fd=7)", -Errno.ECONNRESET);
    assertEquals("recv(fd=7): ECONNRESET (Connection reset by peer)", e.getMessage());
    assertTrue(e instanceof NativeIoException || e instanceof SocketException);
  }
}

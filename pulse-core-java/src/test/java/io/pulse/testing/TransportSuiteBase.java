package io.pulse.testing;

import io.pulse.Transport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The base of every behaviour suite that runs once per transport: a suite is an abstract subclass, and each
 * transport (EPOLL, NIO, KQUEUE, IO_URING) one short subclass naming it in {@link #transport()}. Checks
 * that the transport runs here first; everything a test registered with {@link #closeLater} is closed after it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class TransportSuiteBase {
  /** Closes what a test opened, in reverse order, after each test. */
  protected final Closer closer = new Closer();

  /** The transport every server and client of this suite uses. */
  protected abstract Transport transport();

  /** Fails where the transport must run (EPOLL on Linux), skips where it may be missing (see {@link Requires}). */
  @BeforeEach
  protected void transportAvailable() {
    Requires.transport(transport());
  }

  @AfterEach
  protected void closeAll() throws Exception {
    closer.close();
  }

  /** Registers {@code c} to be closed after the test; returns it. */
  protected <T extends AutoCloseable> T closeLater(T c) {
    return closer.add(c);
  }
}

package io.pulse.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulse.Transport;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The base of every behaviour suite that runs once per transport: a suite is an abstract subclass, and each
 * transport (EPOLL, NIO, KQUEUE, and the next one) one short subclass naming it in {@link #transport()}. Skips
 * where that transport cannot run here; everything a test registered with {@link #closeLater} is closed after it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class TransportSuiteBase {
  /** Closes what a test opened, in reverse order, after each test. */
  protected final Closer closer = new Closer();

  /** The transport every server and client of this suite uses. */
  protected abstract Transport transport();

  @BeforeEach
  protected void transportAvailable() {
    assumeTrue(transport().isAvailable(), transport() + " is not available here");
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

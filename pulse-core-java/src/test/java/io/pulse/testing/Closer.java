package io.pulse.testing;

import java.util.ArrayList;
import java.util.List;

/** Closes what a test opened, newest first; use one per test class and call {@link #close()} after each test. */
public final class Closer implements AutoCloseable {
  private final List<AutoCloseable> items = new ArrayList<>();

  /** Registers {@code c} and returns it. */
  public <T extends AutoCloseable> T add(T c) {
    items.add(c);
    return c;
  }

  /** Forgets everything registered so far without closing it. */
  public void forget() {
    items.clear();
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (int i = items.size() - 1; i >= 0; i--) {
      try {
        items.get(i).close();
      } catch (Exception e) {
        if (first == null) first = e;
      }
    }
    items.clear();
    if (first != null) throw first;
  }
}

package io.pulse.internal.loop;

/**
 * An endpoint whose started loops other endpoints may share (a server's loops under a UDP endpoint): it hands out
 * its loops and closes its guests before it stops them. Any thread.
 */
public interface LoopHost {
  /** The loops guests run on. */
  LoopGroup loops();

  /** Registers a guest, closed before the loops stop; false if the host is already closed. */
  boolean addGuest(AutoCloseable guest);

  /** Forgets a guest that closed by itself. */
  void removeGuest(AutoCloseable guest);
}

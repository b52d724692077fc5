package io.pulse.internal.server;

import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.poll.LoopPoller;
import java.io.IOException;

/**
 * Whether a connection reads, and the one place that tells the poller: the reasons reading is paused (each a bit),
 * whether it waits for the socket to become writable, and the interest set last given to the poller (changed only
 * when it differs). A failed interest change closes the connection. Loop thread
 * only.
 */
final class ReadGate {
  /** The outbound backlog is above its high water mark. */
  static final int WRITE_BACKLOG = 1;
  /** Messages handed to worker threads are above the high water mark. */
  static final int INBOUND_BACKLOG = 2;
  /** The user called pauseReading(). */
  static final int USER = 4;
  /** A TLS handshake's delegated tasks are running. */
  static final int TLS_TASKS = 8;
  /** Input is over for good: end of stream, closing or closed. */
  static final int STOPPED = 16;

  private final ConnImpl target;
  private final EventLoop loop;
  private final boolean edge;
  private int interest;
  private int paused;
  private boolean waitingWritable;
  private boolean holdsInput;
  private boolean registered;
  /** Deregistered by {@link #parkHangup}: registered again when reading resumes. */
  private boolean parked;

  ReadGate(ConnImpl target, EventLoop loop) {
    this.target = target;
    this.loop = loop;
    this.edge = loop.poller().isEdgeTriggered();
  }

  /** True with edge triggering: data left unread, or an end of stream already reported, gets no new edge. */
  boolean edge() {
    return edge;
  }

  /** Registers for {@code ops} (READ to read, WRITE while a connect is under way). */
  void register(int ops) throws IOException {
    loop.poller().register(target, ops);
    interest = ops;
    registered = true;
  }

  /**
   * The peer hung up (epoll's HUP: its FIN came after this side shut its output) while reading is paused. The input
   * still in the kernel is the handler's, so the connection stays; but a level-triggered HUP is reported on every
   * wake-up and cannot be masked, so the socket leaves the poller until reading resumes, which reads the input, then
   * the end of stream.
   */
  void parkHangup() throws IOException {
    if (!registered || paused == 0) return;
    loop.poller().deregister(target);
    registered = false;
    parked = true;
  }

  /** Deregisters (if registered; a failure is only logged: the socket closes next); the gate stays shut. */
  void deregister() {
    paused |= STOPPED;
    parked = false;
    if (!registered) return;
    registered = false;
    try {
      loop.poller().deregister(target);
    } catch (Throwable t) {
      AbstractConn.log.debug("{}: deregister failed", target, t);
    }
  }

  /** True while nothing pauses reading. */
  boolean isOpen() {
    return paused == 0;
  }

  boolean waitingWritable() {
    return waitingWritable;
  }

  /** Pauses reading for {@code reason} (one of the bits above). */
  void pause(int reason) {
    paused |= reason;
    update();
  }

  /**
   * Lifts {@code reason}; if reading is then open and data may be waiting unannounced (edge triggering, or input
   * a stage {@link #holdsInput holds}), asks the loop for one more read turn.
   */
  void resume(int reason) {
    if ((paused & reason) == 0) return;
    paused &= ~reason;
    update();
    if (paused == 0 && (edge || holdsInput)) loop.readAgain(target);
  }

  /** True while a stage above the socket (TLS) holds input read earlier: the next read turn drains it first. */
  boolean holdsInput() {
    return holdsInput;
  }

  /** A stage says whether it holds input read earlier (complete records kept while reading was paused). */
  void holdsInput(boolean on) {
    holdsInput = on;
  }

  /** Asks for (or stops asking for) writability: the socket buffer was full with bytes still queued. */
  void waitWritable(boolean on) {
    if (waitingWritable != on) {
      waitingWritable = on;
      update();
    }
  }

  /** The connect finished: from WRITE (connecting) to READ. */
  void connected() throws IOException {
    apply();
  }

  /** Tells the poller the interest set now wanted, if it changed; a failure closes the connection. */
  private void update() {
    try {
      apply();
    } catch (IOException e) {
      target.closeNow(e);
    }
  }

  private void apply() throws IOException {
    int want = (paused == 0 ? LoopPoller.READ : 0) | (waitingWritable ? LoopPoller.WRITE : 0);
    if (parked && paused == 0) { // back from parkHangup: the input waiting there gets read now
      parked = false;
      register(want);
      return;
    }
    if (!registered) return;
    if (want != interest) {
      loop.poller().modify(target, want);
      interest = want;
    }
  }
}

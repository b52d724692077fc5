package io.pulse;

import java.util.List;

/**
 * A snapshot of a server's counters. Per-loop counters are summed when the snapshot is taken, so values from a
 * busy server are recent rather than simultaneous.
 */
public final class Stats {
  private final int open;
  private final long accepted;
  private final long closed;
  private final long rejected;
  private final long bytesIn;
  private final long bytesOut;
  private final long messagesIn;
  private final long messagesOut;
  private final long pendingWriteBytes;
  private final List<Integer> taskQueueDepths;
  private final int timers;

  /** Built by the server. */
  public Stats(int open, long accepted, long closed, long rejected, long bytesIn, long bytesOut, long messagesIn,
      long messagesOut, long pendingWriteBytes, List<Integer> taskQueueDepths, int timers) {
    this.open = open;
    this.accepted = accepted;
    this.closed = closed;
    this.rejected = rejected;
    this.bytesIn = bytesIn;
    this.bytesOut = bytesOut;
    this.messagesIn = messagesIn;
    this.messagesOut = messagesOut;
    this.pendingWriteBytes = pendingWriteBytes;
    this.taskQueueDepths = List.copyOf(taskQueueDepths);
    this.timers = timers;
  }

  /** Connections open now. */
  public int open() { return open; }

  /** Connections accepted and started since the server began. */
  public long accepted() { return accepted; }

  /** Connections closed since the server began. */
  public long closed() { return closed; }

  /** Connections refused by {@code maxConnections}. */
  public long rejected() { return rejected; }

  /** Bytes read from peers. */
  public long bytesIn() { return bytesIn; }

  /** Bytes handed to the kernel for peers. */
  public long bytesOut() { return bytesOut; }

  /** Reads that delivered data (one {@code onData} each on a raw connection). */
  public long messagesIn() { return messagesIn; }

  /** Write calls accepted. */
  public long messagesOut() { return messagesOut; }

  /** Bytes queued for peers, not yet sent. */
  public long pendingWriteBytes() { return pendingWriteBytes; }

  /** Tasks waiting in each loop's queue, by loop index. */
  public List<Integer> taskQueueDepths() { return taskQueueDepths; }

  /** Timers pending on all loops (including per-connection deadlines and idle checks). */
  public int timers() { return timers; }

  @Override
  public String toString() {
    return "Stats{open=" + open + ", accepted=" + accepted + ", closed=" + closed + ", rejected=" + rejected
        + ", bytesIn=" + bytesIn + ", bytesOut=" + bytesOut + ", messagesIn=" + messagesIn + ", messagesOut="
        + messagesOut + ", pendingWriteBytes=" + pendingWriteBytes + ", taskQueueDepths=" + taskQueueDepths
        + ", timers=" + timers + "}";
  }
}

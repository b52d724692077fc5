package io.pulse.internal.datagram;

import io.pulse.DatagramCallback;
import io.pulse.PulseDatagram;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.poll.Pollable;
import io.pulse.internal.poll.LoopPoller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket on one event loop: reads datagrams into the callback (a bounded number per readiness), sends
 * directly when the kernel takes them and queues (bounded) what it refuses until the socket is writable again.
 * Loop thread only, except {@link #reserve}, {@link #release} and the counters.
 */
final class UdpPort extends Pollable {
  private static final Logger log = LoggerFactory.getLogger(UdpPort.class);

  /** A datagram waiting for writability: its own copy of the bytes. */
  private static final class Pending {
    final ByteBuffer bytes;
    final InetSocketAddress to;

    Pending(ByteBuffer bytes, InetSocketAddress to) {
      this.bytes = bytes;
      this.to = to;
    }
  }

  final EventLoop loop;
  final UdpSocket socket;
  private final PulseDatagram endpoint;
  private final DatagramCallback callback;
  private final int maxDatagramSize;
  private final int maxReads;
  private final int maxQueued;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  /** Datagrams queued or on their way to the queue from other threads. */
  private final AtomicInteger reserved = new AtomicInteger();
  private boolean writeInterest;
  private long lastReceiveWarning = System.nanoTime() - 2_000_000_000L;
  private boolean closed;

  final AtomicLong datagramsIn = new AtomicLong();
  final AtomicLong datagramsOut = new AtomicLong();
  final AtomicLong droppedOversized = new AtomicLong();
  final AtomicLong sendErrors = new AtomicLong();

  UdpPort(EventLoop loop, UdpSocket socket, PulseDatagram endpoint, DatagramCallback callback, int maxDatagramSize,
      int maxReads, int maxQueued) {
    super(socket.fd(), socket.channel());
    this.loop = loop;
    this.socket = socket;
    this.endpoint = endpoint;
    this.callback = callback;
    this.maxDatagramSize = maxDatagramSize;
    this.maxReads = maxReads;
    this.maxQueued = maxQueued;
  }

  /** Starts watching for datagrams. Loop thread. */
  void start() throws IOException {
    loop.poller().register(this, LoopPoller.READ);
  }

  @Override
  public void onReady(int readyOps) {
    if (closed) return;
    if ((readyOps & LoopPoller.WRITE) != 0) flush();
    if ((readyOps & (LoopPoller.READ | LoopPoller.ERROR)) != 0) read();
  }

  private void read() {
    for (int done = 0; done < maxReads; ) {
      int n;
      try {
        n = socket.receive();
      } catch (IOException e) {
        long now = System.nanoTime();
        if (now - lastReceiveWarning > 1_000_000_000L) { // a persistent error must not flood the log
          lastReceiveWarning = now;
          log.warn("udp {}: receive failed: {}", this, e.getMessage());
        }
        return;
      }
      if (n == 0) return;
      for (int i = 0; i < n; i++) {
        deliver(i);
        if (closed) return;
      }
      done += n;
    }
    if (loop.poller().isEdgeTriggered()) loop.readAgain(this); // more may be waiting with no new edge
  }

  /** Hands datagram {@code i} of the last receive to the callback, or counts and drops it if oversized. */
  private void deliver(int i) {
    InetSocketAddress sender;
    try {
      sender = socket.sender(i);
    } catch (IOException e) {
      log.warn("udp {}: unreadable sender address, datagram dropped: {}", this, e.getMessage());
      return;
    }
    int n = socket.length(i);
    if (n > maxDatagramSize) {
      droppedOversized.lazySet(droppedOversized.get() + 1);
      log.debug("udp {}: dropped a datagram of {} bytes from {} (maxDatagramSize {})", this,
          n > maxDatagramSize + 1 ? n : "more than " + maxDatagramSize, sender, maxDatagramSize);
      return;
    }
    datagramsIn.lazySet(datagramsIn.get() + 1);
    ByteBuffer view = socket.data(i);
    view.clear().limit(n);
    try {
      callback.onDatagram(endpoint, view, sender);
    } catch (Throwable t) {
      log.warn("udp {}: onDatagram threw; the endpoint carries on", this, t);
    }
  }

  /** Claims room for one datagram from another thread: false when the queue is full. Any thread. */
  boolean reserve() {
    for (;;) {
      int r = reserved.get();
      if (r >= maxQueued) return false;
      if (reserved.compareAndSet(r, r + 1)) return true;
    }
  }

  /** Gives back a reservation that did not become a queued datagram. Any thread. */
  void release() {
    reserved.decrementAndGet();
  }

  /**
   * Sends now if nothing is queued and the kernel takes it; else queues a copy (when {@code reservedAlready}, the
   * caller holds a reservation). Returns false only when the queue is full. Loop thread.
   */
  boolean send(ByteBuffer packet, InetSocketAddress to, boolean reservedAlready) {
    if (closed) {
      if (reservedAlready) {
        release();
        sendErrors.incrementAndGet();
        log.debug("udp: a datagram to {} was accepted but the endpoint closed before it could be sent", to);
      }
      return false;
    }
    if (queue.isEmpty()) {
      int r = trySend(packet, to);
      if (r != 0) {
        if (reservedAlready) release();
        return true; // sent, or failed for good (counted and logged)
      }
    }
    if (!reservedAlready && !reserve()) return false;
    ByteBuffer copy = ByteBuffer.allocate(packet.remaining());
    copy.put(0, packet, packet.position(), packet.remaining());
    queue.add(new Pending(copy, to));
    wantWrite(true);
    return true;
  }

  /** 1: sent; -1: failed for good (counted, logged); 0: the kernel has no room (EAGAIN). */
  private int trySend(ByteBuffer packet, InetSocketAddress to) {
    try {
      if (!socket.send(packet, to)) return 0;
      datagramsOut.lazySet(datagramsOut.get() + 1);
      return 1;
    } catch (IOException | RuntimeException e) {
      sendErrors.lazySet(sendErrors.get() + 1);
      log.debug("udp {}: send of {} bytes to {} failed: {}", this, packet.remaining(), to, e.getMessage());
      return -1;
    }
  }

  private void flush() {
    Pending p;
    while ((p = queue.peek()) != null) {
      if (trySend(p.bytes, p.to) == 0) return;
      queue.poll();
      reserved.decrementAndGet();
    }
    wantWrite(false);
  }

  private void wantWrite(boolean on) {
    if (writeInterest == on) return;
    try {
      loop.poller().modify(this, on ? LoopPoller.READ | LoopPoller.WRITE : LoopPoller.READ);
      writeInterest = on;
    } catch (IOException e) {
      log.warn("udp {}: cannot change write interest", this, e);
    }
  }

  /** Datagrams waiting for room in the kernel. Any thread (approximate). */
  int queued() {
    return reserved.get();
  }

  /** Stops watching and closes the socket; queued datagrams are logged as unsent. Loop thread. */
  void close() {
    if (closed) return;
    closed = true;
    if (!queue.isEmpty()) log.debug("udp {}: closing with {} datagram(s) unsent", this, queue.size());
    try {
      loop.poller().deregister(this);
    } catch (Throwable t) {
      log.debug("udp {}: deregister failed", this, t);
    }
    try {
      socket.close();
    } catch (IOException e) {
      log.warn("udp {}: close failed", this, e);
    }
  }

  @Override
  public String toString() {
    try {
      return closed ? "closed" : String.valueOf(socket.localAddress());
    } catch (IOException e) {
      return "?";
    }
  }
}

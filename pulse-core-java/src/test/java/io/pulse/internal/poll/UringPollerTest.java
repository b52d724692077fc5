package io.pulse.internal.poll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Transport;
import io.pulse.internal.buffer.ChunkPool;
import io.pulse.internal.buffer.OutboundBuffer;
import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.SocketConstants;
import io.pulse.testing.Requires;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The IO_URING poller on its own, over Unix socketpairs: the ring's edge cases a server rarely hits on purpose
 * (a full SQ, an overflowing CQ, an empty buffer ring, fd reuse, closing with ops in flight).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UringPollerTest {
  private final List<Pair> pairs = new ArrayList<>();
  private UringPoller poller;

  @BeforeEach
  void available() {
    Requires.transport(Transport.IO_URING);
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Pair p : pairs) p.close();
    if (poller != null) poller.close();
  }

  @Test
  void receivesThroughTheBufferRingThenSeesTheEndOfStream() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 64);
    Pair p = pair(true);
    poller.register(p.end, LoopPoller.READ);
    p.send(bytes("hello"));
    turnUntil(() -> p.end.received() == 5);
    assertArrayEquals(bytes("hello"), p.end.got.toByteArray());
    p.closePeer();
    turnUntil(() -> p.end.eof);
  }

  @Test
  void aLentBufferIsReadInPlaceAndGoesBackToTheKernelOnlyWhenGivenBack() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 64);
    Pair p = pair(true);
    p.end.lendsPerTurn = Integer.MAX_VALUE;
    p.end.availableBuffers = () -> poller.buffers().available();
    poller.register(p.end, LoopPoller.READ);
    p.send(bytes("read in place"));
    turnUntil(() -> p.end.received() == 13);
    assertArrayEquals(bytes("read in place"), p.end.got.toByteArray());
    assertEquals(1, p.end.inPlace, "the received buffer itself was lent");
    assertEquals(0, p.end.copied);
    assertEquals(poller.buffers().count() - 1, p.end.availableWhileLent, "the kernel had the buffer back too early");
    assertEquals(poller.buffers().count(), poller.buffers().available(), "given back after the reader was done");
  }

  @Test
  void inputLeftByAReaderThatStopsEarlyIsKeptAsideAndLentInOrderAfterTheBuffersItTookInPlace() throws Exception {
    poller = new UringPoller(1024, 64, 64 * 1024, 64); // 1 KiB buffers: 6 KiB arrive in several
    Pair p = pair(true);
    p.end.lendsPerTurn = 1; // takes one buffer a turn: the rest is spilled at the turn's end
    poller.register(p.end, LoopPoller.READ);
    poller.poll(0);
    byte[] data = pattern(6 * 1024, 5);
    p.send(data);
    turnUntil(() -> p.end.received() == data.length);
    assertArrayEquals(data, p.end.got.toByteArray());
    assertTrue(p.end.inPlace > 0, "no buffer was lent in place");
    assertTrue(p.end.copied > 0, "nothing was kept aside: the reader took everything at once");
    assertEquals(poller.buffers().count(), poller.buffers().available(), "every buffer is back with the kernel");
  }

  @Test
  void moreSubmissionsThanSqEntriesInOneTurnAllLand() throws Exception {
    poller = new UringPoller(4096, 4, 1 << 20, 64);
    List<Pair> many = pairs(50, true);
    for (Pair p : many) poller.register(p.end, LoopPoller.READ); // 50 recvs queued in one turn on a 4-entry SQ
    assertTrue(poller.ring().sqFullSubmits() > 0, "the SQ never filled up");
    for (int i = 0; i < many.size(); i++) many.get(i).send(new byte[] {(byte) i});
    turnUntil(() -> many.stream().allMatch(p -> p.end.received() == 1));
    for (int i = 0; i < many.size(); i++) assertEquals((byte) i, many.get(i).end.got.toByteArray()[0]);
  }

  @Test
  void completionsBeyondTheCqAreKeptAndDelivered() throws Exception {
    poller = new UringPoller(4096, 4, 1 << 20, 64); // 32 CQEs
    List<Pair> many = pairs(100, true);
    for (Pair p : many) poller.register(p.end, LoopPoller.READ);
    poller.poll(0); // every recv armed
    for (int i = 0; i < many.size(); i++) many.get(i).send(new byte[] {(byte) i, (byte) (i >> 8)});
    // The recv completions wait as deferred task work; 64 no-ops complete at once, overfilling the CQ first.
    for (int i = 0; i < 64; i++) poller.ring().nop(0);
    poller.ring().submit();
    assertTrue(poller.ring().cqOverflowPending(), "64 completions did not overflow a 32-entry CQ");
    turnUntil(() -> many.stream().allMatch(p -> p.end.received() == 2));
    for (int i = 0; i < many.size(); i++) {
      assertArrayEquals(new byte[] {(byte) i, (byte) (i >> 8)}, many.get(i).end.got.toByteArray());
    }
    assertEquals(0, poller.ring().droppedCompletions());
  }

  @Test
  void anEmptyBufferRingDelaysInputWithoutLosingOrReorderingIt() throws Exception {
    poller = new UringPoller(1024, 64, 16 * 1024, 64); // 16 buffers of 1 KiB for 40 connections sending 8 KiB each
    List<Pair> many = pairs(40, true);
    for (Pair p : many) poller.register(p.end, LoopPoller.READ);
    poller.poll(0);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < many.size(); i++) {
      byte[] b = pattern(8192, i);
      sent.add(b);
      many.get(i).send(b);
    }
    turnUntil(() -> many.stream().allMatch(p -> p.end.received() == 8192));
    for (int i = 0; i < many.size(); i++) assertArrayEquals(sent.get(i), many.get(i).end.got.toByteArray(), "pair " + i);
    assertEquals(16, poller.buffers().available(), "every buffer is back with the kernel");
  }

  @Test
  void aReusedFdGetsOnlyItsOwnInput() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 64);
    Pair old = pair(true);
    poller.register(old.end, LoopPoller.READ);
    poller.poll(0); // the recv is in the kernel
    old.send(bytes("old bytes")); // posted as a completion on the next enter, for a registration gone by then
    int oldFd = old.end.fd;
    poller.deregister(old.end);
    old.close();
    Pair fresh = pair(true);
    assertEquals(oldFd, fresh.end.fd, "the kernel hands out the lowest free fd: the new socket reuses the number");
    poller.register(fresh.end, LoopPoller.READ);
    fresh.send(bytes("new"));
    turnUntil(() -> fresh.end.received() == 3);
    for (int i = 0; i < 5; i++) poller.poll(0);
    assertArrayEquals(bytes("new"), fresh.end.got.toByteArray());
    assertEquals(0, old.end.received(), "nothing reached the closed registration");
    assertEquals(poller.buffers().count(), poller.buffers().available(), "the late completion's buffer came back");
  }

  @Test
  void closingWithOpsInFlightCancelsThemAll() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 64);
    long idle = poller.ring().inFlight(); // the wake-up read
    Pair p = pair(true);
    p.fillSendBuffer();
    poller.register(p.end, LoopPoller.READ | LoopPoller.WRITE); // recv and a poll for POLLOUT that cannot fire
    poller.poll(0);
    assertEquals(idle + 2, poller.ring().inFlight());
    poller.deregister(p.end);
    p.close();
    turnUntil(() -> poller.ring().inFlight() == idle);
    assertEquals(0, p.end.readies);
  }

  @Test
  void aSendIsConfirmedOnlyOnceTheKernelTookAllOfIt() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 4);
    Pair p = pair(true);
    poller.register(p.end, LoopPoller.READ | LoopPoller.WRITE);
    OutboundBuffer out = new OutboundBuffer(new ChunkPool(4));
    byte[] data = pattern(16 * 1024, 3);
    out.append(data, 0, data.length);
    p.fillSendBuffer(); // the socket is full: the send waits in the kernel, then goes out in pieces
    int writesBefore = p.end.readies;
    assertEquals(-1, p.end.outbox.send(out), "a send started: nothing confirmed yet");
    assertEquals(-1, p.end.outbox.send(out), "one send in flight at a time");
    poller.poll(0);
    assertEquals(4, poller.sendSlots().available(), "one chunk is sent in place: no slot");
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (p.end.readies == writesBefore) { // the peer drains; the send completes in as many pieces as it takes
      assertTrue(System.nanoTime() < deadline, "the send never completed");
      p.drainPeer(seen);
      poller.poll(1);
    }
    assertEquals(LoopPoller.WRITE, p.end.lastOps & LoopPoller.WRITE, "the writer is told WRITE on completion");
    assertEquals(data.length, p.end.outbox.send(out), "the whole send is confirmed at once");
    out.consume(data.length);
    p.drainPeer(seen);
    byte[] all = seen.toByteArray();
    byte[] tail = java.util.Arrays.copyOfRange(all, all.length - data.length, all.length);
    assertArrayEquals(data, tail, "the bytes arrived whole and in order after the filler");
  }

  @Test
  void aSendThroughAFullSmallSocketBufferToASlowReaderArrivesWholeAndInOrder() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 4);
    try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open()) {
      server.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open();
      client.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4096);
      client.connect(server.getLocalAddress());
      try (java.nio.channels.SocketChannel peer = server.accept()) {
        peer.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
        int fd = io.pulse.internal.unix.ChannelFds.takeOver(client);
        End end = new End(fd, true);
        try {
          poller.register(end, LoopPoller.READ | LoopPoller.WRITE);
          OutboundBuffer out = new OutboundBuffer(new ChunkPool(4));
          byte[] data = pattern(16 * 1024, 9);
          out.append(data, 0, data.length);
          long filler = 0;
          ByteBuffer zeros = DirectBuffers.allocate(4096);
          for (long n; (n = LibC.write(fd, DirectBuffers.address(zeros), 4096)) > 0; ) filler += n; // until EAGAIN
          assertEquals(-1, end.outbox.send(out));
          ByteBuffer got = ByteBuffer.allocate((int) filler + data.length);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          peer.configureBlocking(false);
          ByteBuffer sip = ByteBuffer.allocate(512);
          while (end.readies == 0) { // the peer takes 512 bytes a turn
            assertTrue(System.nanoTime() < deadline, "the send never completed");
            poller.poll(1);
            sip.clear();
            if (peer.read(sip) > 0) got.put(sip.flip());
          }
          assertEquals(data.length, end.outbox.send(out), "confirmed whole");
          peer.configureBlocking(true);
          while (got.hasRemaining()) peer.read(got);
          assertArrayEquals(data, java.util.Arrays.copyOfRange(got.array(), (int) filler, got.capacity()));
        } finally {
          poller.deregister(end);
          LibC.close(fd);
        }
      }
    }
  }

  @Test
  void aQueueSpreadOverChunksIsGatheredIntoASlotAndSentInOrder() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 4);
    Pair p = pair(true);
    poller.register(p.end, LoopPoller.READ | LoopPoller.WRITE);
    OutboundBuffer out = new OutboundBuffer(new ChunkPool(4));
    byte[] data = pattern(20 * 1024, 7); // two chunks
    out.append(data, 0, data.length);
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    assertEquals(-1, p.end.outbox.send(out));
    assertEquals(3, poller.sendSlots().available(), "the send holds a slot");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!out.isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the queue never drained");
      poller.poll(1);
      p.drainPeer(seen);
      long n = p.end.outbox.send(out);
      if (n > 0) out.consume(n);
    }
    for (int i = 0; i < 5; i++) poller.poll(0);
    p.drainPeer(seen);
    assertArrayEquals(data, seen.toByteArray());
    assertEquals(4, poller.sendSlots().available(), "the slot came back");
  }

  @Test
  void aChunkSentInPlaceIsNotReusedUntilItsSendIsOverEvenAfterTheQueueIsReleased() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 4);
    long idle = poller.ring().inFlight();
    Pair p = pair(true);
    poller.register(p.end, LoopPoller.READ | LoopPoller.WRITE);
    p.fillSendBuffer(); // the peer never reads: the send waits in the kernel
    ChunkPool pool = new ChunkPool(4);
    OutboundBuffer out = new OutboundBuffer(pool);
    out.append(new byte[1000], 0, 1000);
    assertEquals(-1, p.end.outbox.send(out));
    poller.poll(0); // the send reads the chunk in place
    poller.deregister(p.end);
    assertEquals(1000, out.release(), "the connection drops its queue at once");
    assertEquals(0, pool.retained(), "the chunk the kernel may still read went back to the pool");
    p.close();
    turnUntil(() -> poller.ring().inFlight() == idle);
    assertEquals(1, pool.retained(), "the chunk is pooled once the cancelled send completed");
  }

  @Test
  void closingWithASendStuckInTheKernelCancelsItAndFreesItsSlot() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 4);
    long idle = poller.ring().inFlight();
    Pair p = pair(true);
    poller.register(p.end, LoopPoller.READ | LoopPoller.WRITE);
    p.fillSendBuffer(); // the peer never reads: the send cannot complete
    OutboundBuffer out = new OutboundBuffer(new ChunkPool(4));
    out.append(new byte[20_000], 0, 20_000); // two chunks: gathered into a slot
    assertEquals(-1, p.end.outbox.send(out));
    poller.poll(0);
    assertEquals(3, poller.sendSlots().available());
    poller.deregister(p.end);
    p.close();
    turnUntil(() -> poller.ring().inFlight() == idle);
    assertEquals(4, poller.sendSlots().available(), "the cancelled send gave its slot back");
  }

  @Test
  void aSendHandedOverAtCloseFinishesAfterTheFdIsClosedThenTheStreamEnds() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 4);
    long idle = poller.ring().inFlight();
    Pair p = pair(true);
    poller.register(p.end, LoopPoller.READ | LoopPoller.WRITE);
    long filler = p.fillSendBuffer(); // the peer reads only after the close: the send waits in the kernel
    OutboundBuffer out = new OutboundBuffer(new ChunkPool(4));
    byte[] data = pattern(20_000, 5); // two chunks: gathered into a slot
    out.append(data, 0, data.length);
    assertEquals(-1, p.end.outbox.send(out));
    poller.poll(0);
    int slot = 16 * 1024;
    assertEquals(slot, p.end.outbox.handOver(out), "the send in flight (a slot's worth) is handed over");
    assertTrue(p.end.outbox.sending(), "nothing may be written behind it");
    assertEquals(data.length - slot, out.size(), "its bytes left the queue as sent; the rest stays");
    poller.deregister(p.end);
    p.closeEnd(); // the connection closes its fd at once; the send goes on
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    turnUntil(() -> p.drainPeerToEnd(seen));
    assertEquals(filler + slot, seen.size());
    byte[] all = seen.toByteArray();
    assertArrayEquals(java.util.Arrays.copyOf(data, slot), java.util.Arrays.copyOfRange(all, (int) filler, all.length),
        "sent whole, in order");
    turnUntil(() -> poller.ring().inFlight() == idle);
    assertEquals(4, poller.sendSlots().available(), "the finished send gave its slot back");
  }

  @Test
  void aHandedOverSendThePeerNeverTakesIsCancelledAfterTheLinger() throws Exception {
    String old = System.setProperty("pulse.iouring.closeLingerMillis", "200");
    try {
      poller = new UringPoller(4096, 64, 1 << 20, 4);
    } finally {
      if (old == null) System.clearProperty("pulse.iouring.closeLingerMillis");
      else System.setProperty("pulse.iouring.closeLingerMillis", old);
    }
    long idle = poller.ring().inFlight();
    Pair p = pair(true);
    poller.register(p.end, LoopPoller.READ | LoopPoller.WRITE);
    p.fillSendBuffer(); // the peer never reads
    OutboundBuffer out = new OutboundBuffer(new ChunkPool(4));
    out.append(new byte[20_000], 0, 20_000);
    assertEquals(-1, p.end.outbox.send(out));
    poller.poll(0);
    assertEquals(16 * 1024, p.end.outbox.handOver(out));
    long start = System.nanoTime();
    poller.deregister(p.end);
    p.closeEnd();
    turnUntil(() -> poller.ring().inFlight() == idle);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis >= 150, "cancelled before the linger ran out: " + tookMillis + " ms");
    assertEquals(4, poller.sendSlots().available(), "the cancelled send gave its slot back");
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    turnUntil(() -> p.drainPeerToEnd(seen)); // the socket's last reference went with the send: the stream ends
  }

  @Test
  void aWakeupFromAnotherThreadEndsAnUnboundedWait() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 64);
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
      poller.wakeup();
    });
    t.start();
    assertEquals(0, poller.poll(-1)); // returns: a wake-up alone counts as no event
    t.join();
  }

  @Test
  void writabilityAndReadinessReachSocketsWithoutAnInbox() throws Exception {
    poller = new UringPoller(4096, 64, 1 << 20, 64);
    Pair p = pair(false);
    poller.register(p.end, LoopPoller.WRITE);
    turnUntil(() -> (p.end.lastOps & LoopPoller.WRITE) != 0);
    poller.modify(p.end, LoopPoller.READ);
    p.send(bytes("x"));
    turnUntil(() -> (p.end.lastOps & LoopPoller.READ) != 0);
  }

  // ---- helpers ----

  private void turnUntil(BooleanSupplier done) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached in 10 s");
      poller.poll(10);
    }
  }

  private List<Pair> pairs(int n, boolean inbox) throws IOException {
    List<Pair> list = new ArrayList<>();
    for (int i = 0; i < n; i++) list.add(pair(inbox));
    return list;
  }

  private Pair pair(boolean inbox) throws IOException {
    int[] sv = new int[2];
    int type = SocketConstants.SOCK_STREAM | SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC;
    if (LibC.socketpair(SocketConstants.AF_UNIX, type, 0, sv) != 0) throw Errno.lastError("socketpair");
    Pair p = new Pair(new End(sv[0], inbox), sv[1]);
    pairs.add(p);
    return p;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
    return b;
  }

  /** One end registered with the poller (reading through its inbox, or told readiness), the other written to. */
  private static final class Pair {
    final End end;
    final int peer;
    private boolean closed;
    private boolean peerClosed;

    Pair(End end, int peer) {
      this.end = end;
      this.peer = peer;
    }

    void send(byte[] b) throws IOException {
      ByteBuffer buf = DirectBuffers.allocate(b.length);
      buf.put(0, b);
      long n = LibC.write(peer, DirectBuffers.address(buf), b.length);
      if (n != b.length) throw new IOException("short or failed write: " + n);
    }

    void drainPeer(ByteArrayOutputStream into) {
      ByteBuffer buf = DirectBuffers.allocate(65536);
      long n;
      while ((n = LibC.read(peer, DirectBuffers.address(buf), 65536)) > 0) {
        byte[] b = new byte[(int) n];
        buf.get(0, b);
        into.write(b, 0, b.length);
      }
    }

    long fillSendBuffer() {
      ByteBuffer buf = DirectBuffers.allocate(65536);
      long total = 0;
      for (long n; (n = LibC.write(end.fd, DirectBuffers.address(buf), 65536)) > 0; ) {
        total += n; // until EAGAIN: the peer does not read
      }
      return total;
    }

    /** Reads what the peer has into {@code into}; true once it saw the end of the stream. */
    boolean drainPeerToEnd(ByteArrayOutputStream into) {
      ByteBuffer buf = DirectBuffers.allocate(65536);
      for (long n; ; ) {
        n = LibC.read(peer, DirectBuffers.address(buf), 65536);
        if (n == 0) return true;
        if (n < 0) return false; // EAGAIN: more may come
        byte[] b = new byte[(int) n];
        buf.get(0, b);
        into.write(b, 0, b.length);
      }
    }

    /** Closes the poller's end now, as a connection does right after deregistering. */
    void closeEnd() {
      if (!closed) LibC.close(end.fd);
      closed = true;
    }

    void closePeer() {
      if (!peerClosed) LibC.close(peer);
      peerClosed = true;
    }

    void close() {
      if (!closed) LibC.close(end.fd);
      closed = true;
      closePeer();
    }
  }

  private static final class End extends Pollable implements CompletionSocket {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final ByteBuffer buf = DirectBuffers.allocate(1024);
    final long address = DirectBuffers.address(buf);
    private final boolean useInbox;
    Inbox inbox;
    Outbox outbox;
    boolean eof;
    int readies;
    int lastOps;
    /** 0: read with take; else lend, at most this many times a READ. */
    int lendsPerTurn;
    java.util.function.IntSupplier availableBuffers = () -> -1;
    int inPlace;
    int copied;
    int availableWhileLent = -1;

    End(int fd, boolean useInbox) {
      super(fd, null);
      this.useInbox = useInbox;
    }

    int received() {
      return got.size();
    }

    @Override
    public CompletionSocket completionSocket() {
      return useInbox ? this : null;
    }

    @Override
    public void attach(Inbox in, Outbox out) {
      inbox = in;
      outbox = out;
    }

    @Override
    public void onReady(int ops) {
      readies++;
      lastOps = ops;
      if ((ops & LoopPoller.READ) == 0 || inbox == null) return;
      if (lendsPerTurn > 0) {
        lend();
        return;
      }
      try {
        for (int n; (n = inbox.take(buf, address, buf.capacity())) != -1; ) {
          if (n == 0) {
            eof = true;
            return;
          }
          byte[] b = new byte[n];
          buf.get(0, b);
          got.write(b, 0, n);
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    private void lend() {
      try {
        for (int i = 0; i < lendsPerTurn; i++) {
          int n = inbox.lend(buf, address, buf.capacity());
          if (n == -1) return;
          if (n == 0) {
            eof = true;
            return;
          }
          ByteBuffer lent = inbox.lent();
          ByteBuffer from = lent == null ? buf : lent;
          if (lent != null) {
            inPlace++;
            availableWhileLent = availableBuffers.getAsInt();
          } else {
            copied++;
          }
          byte[] b = new byte[n];
          from.get(0, b);
          got.write(b, 0, n);
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      } finally {
        inbox.giveBack();
      }
    }
  }
}

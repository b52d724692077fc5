package io.pulse.internal.uring;

import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.LinuxNative;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A standalone io_uring echo loop, the shape the transport will take: one ring on one thread, multishot accept,
 * multishot recv into a provided buffer ring, one send in flight per connection with short-send continuation,
 * re-arm when {@code F_MORE} is clear, connections starved by {@code -ENOBUFS} re-armed as buffers come back, an
 * eventfd read for wake-ups, and close only after the kernel has finished every op of the fd.
 */
final class UringEchoServer implements AutoCloseable, CompletionHandler {
  private static final int ACCEPT = 1;
  private static final int RECV = 2;
  private static final int SEND = 3;
  private static final int WAKE = 4;
  private static final int CANCEL = 5;
  private static final int CLOSE = 6;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int EFD_NONBLOCK_CLOEXEC = 0x800 | 0x80000;

  private final Ring ring;
  private final BufferRing buffers;
  private final int listenFd;
  private final int wakeFd;
  private final ByteBuffer wakeRead = DirectBuffers.allocate(8);
  private final int sendBufferBytes;
  private final Thread thread;
  private final ArrayDeque<Conn> starved = new ArrayDeque<>();
  private Conn[] conns = new Conn[256];
  private int generation;
  private volatile boolean stop;
  private Throwable failure;

  // Counters, written on the loop thread; read after close() (the join orders them).
  long accepted;
  long closed;
  long shortSends;
  long enobufs;
  long rearms;
  /** One permit per connection closed through the ring. */
  final Semaphore closes = new Semaphore(0);
  /** Counted down at the first -ENOBUFS. */
  final CountDownLatch bufferRingRanDry = new CountDownLatch(1);

  /** A server on 127.0.0.1:0 with {@code bufferCount} buffers of {@code bufferSize}; {@code sendBufferBytes > 0} sets SO_SNDBUF. */
  UringEchoServer(int bufferCount, int bufferSize, int sendBufferBytes) throws IOException {
    this(256, bufferCount, bufferSize, sendBufferBytes);
  }

  /** As above with a ring of {@code sqEntries} SQEs (and 16× as many CQEs). */
  UringEchoServer(int sqEntries, int bufferCount, int bufferSize, int sendBufferBytes) throws IOException {
    this.sendBufferBytes = sendBufferBytes;
    listenFd = UringTesting.listen();
    wakeFd = LinuxNative.eventfd(0, EFD_NONBLOCK_CLOEXEC);
    if (wakeFd < 0) throw Errno.lastError("eventfd");
    ring = Ring.open(sqEntries, sqEntries * 16);
    buffers = ring.registerBufferRing(1, bufferCount, bufferSize);
    thread = new Thread(this::run, "uring-echo");
    thread.start();
  }

  int port() throws IOException {
    return UringTesting.port(listenFd);
  }

  private void run() {
    try {
      ring.acceptMultishot(listenFd, UringTesting.ACCEPT_FLAGS, ud(ACCEPT, 0, 0));
      ring.read(wakeFd, DirectBuffers.address(wakeRead), 8, ud(WAKE, 0, 0));
      while (!stop) {
        ring.submitAndWait(1, -1);
        ring.drain(this);
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      ring.close((u, res, flags) -> {
        if ((int) (u >>> 56) == ACCEPT && res >= 0) LibC.close(res); // accepted while we were closing
      });
      for (Conn c : conns) if (c != null) LibC.close(c.fd); // the ring is done with them now
      LibC.close(listenFd);
      LibC.close(wakeFd);
    }
  }

  @Override
  public void onCompletion(long userData, int res, int flags) {
    int kind = (int) (userData >>> 56);
    int fd = (int) userData;
    try {
      switch (kind) {
        case ACCEPT:
          if (res >= 0) open(res);
          else if (res != -Errno.ECANCELED) throw Errno.newIOException("accept (io_uring)", -res);
          if (!Uring.hasMore(flags) && !stop) ring.acceptMultishot(listenFd, UringTesting.ACCEPT_FLAGS, userData);
          break;
        case WAKE:
          if (!stop) ring.read(wakeFd, DirectBuffers.address(wakeRead), 8, userData);
          break;
        case RECV:
          onRecv(conn(fd, userData), res, flags);
          break;
        case SEND:
          onSend(conn(fd, userData), res);
          break;
        case CANCEL:
          break; // res: how many ops were cancelled, or -ENOENT if they had all finished
        case CLOSE:
          if (res < 0) throw Errno.newIOException("close (io_uring, fd=" + fd + ")", -res);
          closed++;
          closes.release();
          break;
        default:
          throw new IllegalStateException("unknown user data 0x" + Long.toHexString(userData));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void open(int fd) throws IOException {
    accepted++;
    if (sendBufferBytes > 0) SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, sendBufferBytes, "SO_SNDBUF");
    if (fd >= conns.length) conns = Arrays.copyOf(conns, Math.max(fd + 1, conns.length * 2));
    if (conns[fd] != null) throw new IllegalStateException("fd " + fd + " reused while its conn is open");
    Conn c = new Conn(fd, ++generation & 0xffffff, buffers.count());
    conns[fd] = c;
    armRecv(c);
  }

  private Conn conn(int fd, long userData) {
    Conn c = fd < conns.length ? conns[fd] : null;
    if (c == null || c.gen != (int) (userData >>> 32 & 0xffffff)) {
      throw new IllegalStateException("completion for a closed conn: 0x" + Long.toHexString(userData));
    }
    return c;
  }

  private void armRecv(Conn c) throws IOException {
    if (buffers.available() == 0) {
      starved.add(c); // re-armed when a send gives a buffer back
      return;
    }
    ring.recvMultishot(c.fd, buffers.groupId(), ud(RECV, c.gen, c.fd));
    c.recvArmed = true;
  }

  private void onRecv(Conn c, int res, int flags) throws IOException {
    boolean more = Uring.hasMore(flags);
    if (!more) c.recvArmed = false;
    if (res > 0) {
      c.push(buffers.take(flags), res);
      if (!c.sending) sendHead(c);
      if (!more && !c.done()) {
        rearms++;
        armRecv(c);
      }
    } else if (res == 0) {
      c.eof = true;
    } else if (res == -Errno.ENOBUFS) {
      enobufs++;
      bufferRingRanDry.countDown();
      armRecv(c); // nothing was read: the bytes wait in the socket
    } else {
      c.error = res;
    }
    maybeClose(c);
  }

  private void sendHead(Conn c) throws IOException {
    int h = c.head;
    ring.send(c.fd, buffers.address(c.bids[h]) + c.offs[h], c.lens[h], MSG_NOSIGNAL, ud(SEND, c.gen, c.fd));
    c.sending = true;
  }

  private void onSend(Conn c, int res) throws IOException {
    c.sending = false;
    if (res < 0) {
      c.error = res;
    } else {
      int h = c.head;
      c.offs[h] += res;
      c.lens[h] -= res;
      if (c.lens[h] > 0) {
        shortSends++;
      } else {
        buffers.recycle(c.pop());
        feedStarved();
      }
      if (c.size > 0 && c.error == 0) sendHead(c);
    }
    maybeClose(c);
  }

  private void feedStarved() throws IOException {
    while (buffers.available() > 0 && !starved.isEmpty()) {
      Conn s = starved.poll();
      if (!s.closing && !s.done()) armRecv(s);
    }
  }

  /** Closes a finished conn once none of its ops is in flight; an erroneous one has them cancelled first. */
  private void maybeClose(Conn c) throws IOException {
    if (c.closing || !c.done()) return;
    if (c.sending || c.recvArmed) {
      if (c.error != 0 && !c.cancelled) {
        c.cancelled = true;
        ring.cancelFd(c.fd, ud(CANCEL, c.gen, c.fd));
      }
      return; // their last completions come back here
    }
    while (c.size > 0) buffers.recycle(c.pop());
    feedStarved();
    c.closing = true;
    starved.remove(c);
    conns[c.fd] = null;
    ring.closeFd(c.fd, ud(CLOSE, c.gen, c.fd));
  }

  private static long ud(int kind, int gen, int fd) {
    return (long) kind << 56 | (long) (gen & 0xffffff) << 32 | (fd & 0xffffffffL);
  }

  /** Stops the loop (through the eventfd), waits for it, releases everything; rethrows what broke the loop. */
  @Override
  public void close() throws Exception {
    stop = true;
    ByteBuffer one = DirectBuffers.allocate(8).putLong(0, 1L);
    LibC.write(wakeFd, DirectBuffers.address(one), 8);
    thread.join(TimeUnit.SECONDS.toMillis(10));
    if (thread.isAlive()) throw new IllegalStateException("echo loop did not stop");
    if (failure instanceof Exception) throw (Exception) failure;
    if (failure != null) throw new IllegalStateException(failure);
  }

  /** One connection: its queue of received chunks (buffer id, offset, length) waiting to be echoed. */
  private static final class Conn {
    final int fd;
    final int gen;
    final int[] bids;
    final int[] offs;
    final int[] lens;
    int head;
    int size;
    boolean recvArmed;
    boolean sending;
    boolean eof;
    boolean cancelled;
    boolean closing;
    int error;

    Conn(int fd, int gen, int capacity) {
      this.fd = fd;
      this.gen = gen;
      bids = new int[capacity];
      offs = new int[capacity];
      lens = new int[capacity];
    }

    boolean done() {
      return (eof && size == 0) || error != 0;
    }

    void push(int bid, int len) {
      int i = (head + size) % bids.length;
      bids[i] = bid;
      offs[i] = 0;
      lens[i] = len;
      size++;
    }

    int pop() {
      int bid = bids[head];
      head = (head + 1) % bids.length;
      size--;
      return bid;
    }
  }
}

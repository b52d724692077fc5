package io.pulse.internal.poll;

import com.sun.jna.Native;
import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.EpollEventLayout;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.LinuxNative;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Linux epoll through JNA. The event array is one reused off-heap buffer read with absolute gets; registrations
 * are found by fd in an array; an eventfd wakes {@code epoll_wait} from other threads.
 */
final class EpollPoller implements LoopPoller {
  static final int EPOLLIN = 0x1;
  static final int EPOLLOUT = 0x4;
  static final int EPOLLERR = 0x8;
  static final int EPOLLHUP = 0x10;
  static final int EPOLLRDHUP = 0x2000;
  static final int EPOLLET = 1 << 31;
  private static final int CTL_ADD = 1;
  private static final int CTL_DEL = 2;
  private static final int CTL_MOD = 3;
  private static final int CLOEXEC = 0x80000;
  private static final int EFD_NONBLOCK = 0x800;
  private static final int MAX_EVENTS = 4096;

  private final EpollEventLayout layout = EpollEventLayout.NATIVE;
  private final boolean edge;
  private final int epfd;
  private final int eventFd;
  private final ByteBuffer ctl = DirectBuffers.allocate(16);
  private final long ctlAddress = DirectBuffers.address(ctl);
  private final ByteBuffer wake = DirectBuffers.allocate(8);
  private final long wakeAddress = DirectBuffers.address(wake);
  private final ByteBuffer drain = DirectBuffers.allocate(8);
  private final long drainAddress = DirectBuffers.address(drain);
  private ByteBuffer events;
  private long eventsAddress;
  private int maxEvents;
  private Pollable[] byFd = new Pollable[256];
  private boolean closed;

  EpollPoller(boolean edgeTriggered) throws IOException {
    this.edge = edgeTriggered;
    epfd = LinuxNative.epoll_create1(CLOEXEC);
    if (epfd < 0) throw Errno.lastError("epoll_create1");
    int efd = LinuxNative.eventfd(0, CLOEXEC | EFD_NONBLOCK);
    if (efd < 0) {
      IOException e = Errno.lastError("eventfd");
      LibC.close(epfd);
      throw e;
    }
    eventFd = efd;
    wake.putLong(0, 1L);
    try {
      ctl(CTL_ADD, eventFd, EPOLLIN);
    } catch (IOException e) {
      LibC.close(eventFd);
      LibC.close(epfd);
      throw e;
    }
    allocateEvents(256);
  }

  private void allocateEvents(int n) {
    maxEvents = n;
    events = DirectBuffers.allocate(n * layout.size);
    eventsAddress = DirectBuffers.address(events);
  }

  @Override
  public void register(Pollable p, int interest) throws IOException {
    checkOpen();
    int fd = p.fd;
    if (fd >= byFd.length) byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
    ctl(CTL_ADD, fd, flags(interest));
    byFd[fd] = p;
  }

  @Override
  public void modify(Pollable p, int interest) throws IOException {
    checkOpen();
    ctl(CTL_MOD, p.fd, flags(interest));
  }

  @Override
  public void deregister(Pollable p) throws IOException {
    checkOpen();
    int fd = p.fd;
    if (fd < byFd.length && byFd[fd] == p) byFd[fd] = null;
    ctl(CTL_DEL, fd, 0);
  }

  private int flags(int interest) {
    int f = 0;
    if ((interest & READ) != 0) f |= EPOLLIN | EPOLLRDHUP;
    if ((interest & WRITE) != 0) f |= EPOLLOUT;
    return edge ? f | EPOLLET : f;
  }

  private void ctl(int op, int fd, int flags) throws IOException {
    ctl.putInt(0, flags);
    ctl.putLong(layout.dataOffset, fd);
    if (LinuxNative.epoll_ctl(epfd, op, fd, ctlAddress) < 0) {
      String name = op == CTL_ADD ? "ADD" : op == CTL_MOD ? "MOD" : "DEL";
      throw Errno.lastError("epoll_ctl(" + name + ", fd=" + fd + ")");
    }
  }

  @Override
  public int poll(int timeoutMillis) throws IOException {
    checkOpen();
    int n = LinuxNative.epoll_wait(epfd, eventsAddress, maxEvents, timeoutMillis);
    if (n < 0) {
      int errno = Native.getLastError();
      if (errno == Errno.EINTR) return 0;
      throw Errno.newIOException("epoll_wait(epfd=" + epfd + ")", errno);
    }
    final ByteBuffer ev = events;
    final int size = layout.size;
    final int dataOffset = layout.dataOffset;
    int handled = 0;
    for (int i = 0; i < n; i++) {
      int base = i * size;
      int flags = ev.getInt(base);
      int fd = ev.getInt(base + dataOffset);
      if (fd == eventFd) {
        LibC.read(eventFd, drainAddress, 8); // EAGAIN is fine: someone else already drained it
        continue;
      }
      Pollable p = fd < byFd.length ? byFd[fd] : null;
      if (p == null) continue;
      p.onReady(ready(flags));
      handled++;
    }
    if (n == maxEvents && maxEvents < MAX_EVENTS) allocateEvents(maxEvents * 2);
    return handled;
  }

  static int ready(int flags) {
    int r = 0;
    if ((flags & (EPOLLIN | EPOLLRDHUP)) != 0) r |= READ;
    if ((flags & EPOLLOUT) != 0) r |= WRITE;
    if ((flags & (EPOLLERR | EPOLLHUP)) != 0) r |= ERROR;
    if ((flags & (EPOLLRDHUP | EPOLLHUP)) != 0) r |= HANGUP;
    return r;
  }

  @Override
  public void wakeup() {
    // A full counter (EAGAIN) still leaves the eventfd readable, so the loop wakes either way.
    LibC.write(eventFd, wakeAddress, 8);
  }

  @Override
  public boolean isEdgeTriggered() {
    return edge;
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("closed");
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    IOException first = null;
    if (LibC.close(eventFd) < 0) first = Errno.lastError("close(eventfd=" + eventFd + ")");
    if (LibC.close(epfd) < 0 && first == null) first = Errno.lastError("close(epfd=" + epfd + ")");
    if (first != null) throw first;
  }
}

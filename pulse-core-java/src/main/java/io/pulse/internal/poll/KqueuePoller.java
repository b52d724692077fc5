package io.pulse.internal.poll;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.KqueueNative;
import io.pulse.internal.unix.LibC;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * BSD/macOS kqueue through JNA (on Linux: libkqueue, for tests). An fd has a READ and/or a WRITE knote while it
 * is interested in that, added and deleted as interest changes; deregistering deletes them before the owner closes
 * the fd. Changes are applied with no event list, so their errors come back as errno. An
 * EVFILT_USER knote wakes {@code kevent} from other threads.
 */
final class KqueuePoller implements LoopPoller {
  private static final int KEVENT = 32;
  private static final short EVFILT_READ = -1;
  private static final short EVFILT_WRITE = -2;
  private static final short EVFILT_USER = (short) (Platform.isMac() ? -10 : -11);
  private static final int EV_ADD = 0x1;
  private static final int EV_DELETE = 0x2;
  private static final int EV_ENABLE = 0x4;
  private static final int EV_DISABLE = 0x8;
  private static final int EV_CLEAR = 0x20;
  private static final int EV_ERROR = 0x4000;
  private static final int EV_EOF = 0x8000;
  private static final int NOTE_TRIGGER = 0x01000000;
  private static final long WAKE_IDENT = 0x7fff_fffeL; // never an fd number
  private static final int MAX_EVENTS = 1024;
  private static final int EEXIST = 17;

  private final boolean edge;
  private final int kq;
  private final ByteBuffer changes = DirectBuffers.allocate(2 * KEVENT);
  private final long changesAddress = DirectBuffers.address(changes);
  private final ByteBuffer wake = DirectBuffers.allocate(KEVENT);
  private final long wakeAddress = DirectBuffers.address(wake);
  private final ByteBuffer events = DirectBuffers.allocate(MAX_EVENTS * KEVENT);
  private final long eventsAddress = DirectBuffers.address(events);
  private final ByteBuffer timeout = DirectBuffers.allocate(16);
  private final long timeoutAddress = DirectBuffers.address(timeout);
  private Pollable[] byFd = new Pollable[256];
  private int[] interestByFd = new int[256];
  private boolean closed;

  KqueuePoller(boolean edgeTriggered) throws IOException {
    this.edge = edgeTriggered;
    kq = KqueueNative.kqueue();
    if (kq < 0) throw Errno.lastError("kqueue");
    try {
      put(changes, 0, WAKE_IDENT, EVFILT_USER, EV_ADD | EV_CLEAR, 0);
      apply(1, "kevent(EV_ADD, EVFILT_USER)");
      put(wake, 0, WAKE_IDENT, EVFILT_USER, 0, NOTE_TRIGGER);
    } catch (IOException e) {
      LibC.close(kq);
      throw e;
    }
  }

  private static void put(ByteBuffer b, int index, long ident, short filter, int flags, int fflags) {
    int o = index * KEVENT;
    b.putLong(o, ident);
    b.putShort(o + 8, filter);
    b.putShort(o + 10, (short) flags);
    b.putInt(o + 12, fflags);
    b.putLong(o + 16, 0);
    b.putLong(o + 24, 0);
  }

  private void apply(int n, String call) throws IOException {
    if (KqueueNative.kevent(kq, changesAddress, n, 0, 0, 0) < 0) throw Errno.lastError(call);
  }

  @Override
  public void register(Pollable p, int interest) throws IOException {
    checkOpen();
    int fd = p.fd;
    if (fd >= byFd.length) {
      int size = Math.max(fd + 1, byFd.length * 2);
      byFd = Arrays.copyOf(byFd, size);
      interestByFd = Arrays.copyOf(interestByFd, size);
    }
    byFd[fd] = p; // before the change, so a stale-knote retry can find it
    interestByFd[fd] = 0;
    try {
      change(fd, 0, interest);
    } catch (IOException e) {
      byFd[fd] = null;
      throw e;
    }
    byFd[fd] = p;
    interestByFd[fd] = interest;
  }

  @Override
  public void modify(Pollable p, int interest) throws IOException {
    checkOpen();
    int fd = p.fd;
    if (fd >= byFd.length || byFd[fd] != p) throw new IOException("kevent: fd " + fd + " is not registered");
    change(fd, interestByFd[fd], interest);
  }

  /**
   * Adds the knotes of filters gaining interest and deletes those losing it. (EV_DISABLE is not relied on: libkqueue
   * keeps reporting a disabled write filter on a writable socket, which spins a level-triggered loop.)
   */
  private void change(int fd, int old, int interest) throws IOException {
    int add = EV_ADD | (edge ? EV_CLEAR : 0);
    int n = 0;
    if (((old ^ interest) & READ) != 0) put(changes, n++, fd, EVFILT_READ, (interest & READ) != 0 ? add : EV_DELETE, 0);
    if (((old ^ interest) & WRITE) != 0) {
      put(changes, n++, fd, EVFILT_WRITE, (interest & WRITE) != 0 ? add : EV_DELETE, 0);
    }
    if (n == 0) return;
    if (KqueueNative.kevent(kq, changesAddress, n, 0, 0, 0) < 0) {
      int errno = Native.getLastError();
      if (errno != EEXIST && errno != 0) throw Errno.newIOException("kevent(fd=" + fd + ", interest=" + interest + ")", errno);
      // A knote left behind by an fd closed while registered: delete both filters, then add what is wanted.
      put(changes, 0, fd, EVFILT_READ, EV_DELETE, 0);
      put(changes, 1, fd, EVFILT_WRITE, EV_DELETE, 0);
      KqueueNative.kevent(kq, changesAddress, 1, 0, 0, 0); // either may be gone already: results ignored
      KqueueNative.kevent(kq, changesAddress + KEVENT, 1, 0, 0, 0);
      n = 0;
      if ((interest & READ) != 0) put(changes, n++, fd, EVFILT_READ, add, 0);
      if ((interest & WRITE) != 0) put(changes, n++, fd, EVFILT_WRITE, add, 0);
      if (n > 0) apply(n, "kevent(EV_ADD, fd=" + fd + ")");
    }
    interestByFd[fd] = interest;
  }

  @Override
  public void deregister(Pollable p) throws IOException {
    checkOpen();
    int fd = p.fd;
    if (fd >= byFd.length || byFd[fd] != p) return;
    try {
      change(fd, interestByFd[fd], 0);
    } finally {
      byFd[fd] = null;
      interestByFd[fd] = 0;
    }
  }

  @Override
  public int poll(int timeoutMillis) throws IOException {
    checkOpen();
    long ts = 0;
    if (timeoutMillis >= 0) {
      timeout.putLong(0, timeoutMillis / 1000);
      timeout.putLong(8, (timeoutMillis % 1000) * 1_000_000L);
      ts = timeoutAddress;
    }
    int n = KqueueNative.kevent(kq, 0, 0, eventsAddress, MAX_EVENTS, ts);
    if (n < 0) {
      int errno = Native.getLastError();
      if (errno == Errno.EINTR) return 0;
      throw Errno.newIOException("kevent(kq=" + kq + ")", errno);
    }
    final ByteBuffer ev = events;
    int handled = 0;
    for (int i = 0; i < n; i++) {
      int o = i * KEVENT;
      short filter = ev.getShort(o + 8);
      if (filter == EVFILT_USER) continue; // a wake-up
      long ident = ev.getLong(o);
      Pollable p = ident < byFd.length ? byFd[(int) ident] : null;
      if (p == null) continue;
      int flags = ev.getShort(o + 10) & 0xffff;
      int ready = filter == EVFILT_READ ? READ : filter == EVFILT_WRITE ? WRITE : 0;
      int fflags = ev.getInt(o + 12);
      if (filter == EVFILT_READ && (flags & EV_EOF) != 0) ready |= HANGUP; // the peer's FIN: no further edge comes
      if ((flags & EV_ERROR) != 0) ready |= ERROR | ((int) ev.getLong(o + 16) << ERRNO_SHIFT);
      else if ((flags & EV_EOF) != 0 && fflags != 0) ready |= ERROR | (fflags << ERRNO_SHIFT); // e.g. ECONNRESET
      p.onReady(ready);
      handled++;
    }
    return handled;
  }

  @Override
  public void wakeup() {
    // The change is constant, so concurrent callers can share its buffer; a failure only means a closed queue.
    KqueueNative.kevent(kq, wakeAddress, 1, 0, 0, 0);
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
    if (LibC.close(kq) < 0) throw Errno.lastError("close(kq=" + kq + ")");
    KqueueNative.drainPendingClose();
  }
}

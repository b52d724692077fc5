package io.pulse.internal.datagram;

import io.pulse.PulseDatagram;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.internal.loop.EventLoop;
import io.pulse.internal.loop.LoopGroup;
import io.pulse.internal.loop.LoopHost;
import io.pulse.internal.poll.Transports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running UDP endpoint: its loops and one {@link UdpPort} (socket) per loop. */
public final class DatagramImpl implements PulseDatagram {
  private static final Logger log = LoggerFactory.getLogger(DatagramImpl.class);
  /** The loops' stream read buffer is unused here: keep it small. */
  private static final int LOOP_READ_BUFFER = 256;

  private final LoopGroup loops;
  /** The server whose loops this endpoint borrows, or null if it owns its loops. */
  private final LoopHost host; // whose loops this borrows; null when it owns its loops
  private final UdpPort[] ports;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.concurrent.CountDownLatch terminated = new java.util.concurrent.CountDownLatch(1);
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private InetSocketAddress localAddress;

  private DatagramImpl(LoopGroup loops, LoopHost host, int sockets) {
    this.loops = loops;
    this.host = host;
    this.ports = new UdpPort[sockets];
  }

  /** Binds one socket per loop and starts reading; on failure everything opened is released. */
  public static PulseDatagram start(DatagramOptions o, InetSocketAddress address) throws IOException {
    DatagramImpl d;
    if (o.host != null) { // borrowed loops: one socket per loop with reusePort, else one on the next loop
      LoopHost host = (LoopHost) o.host;
      LoopGroup loops = host.loops();
      d = new DatagramImpl(loops, host, o.reusePort ? loops.size() : 1);
      if (!host.addGuest(d)) throw new IllegalStateException("closed: " + host);
    } else {
      LoopGroup loops = new LoopGroup(Transports.resolve(o.transport), o.loops, o.triggerType == TriggerType.EDGE,
          LOOP_READ_BUFFER);
      d = new DatagramImpl(loops, null, loops.size());
    }
    Transport t = d.loops.transport();
    try {
      d.open(o, address, Transports.isNative(t), Transports.isLinux(t));
      return d;
    } catch (IOException | RuntimeException | Error e) {
      d.close();
      throw e;
    }
  }

  private void open(DatagramOptions o, InetSocketAddress address, boolean nativeT, boolean recvmmsg)
      throws IOException {
    InetSocketAddress bindTo = address;
    for (int i = 0; i < ports.length; i++) {
      UdpSocket s = nativeT
          ? new NativeUdpSocket(bindTo, o.maxDatagramSize, o.reusePort, o.socketOptions, recvmmsg)
          : new NioUdpSocket(bindTo, o.maxDatagramSize, o.reusePort, o.socketOptions);
      try {
        if (o.multicastSet) s.multicastOut(o.multicastInterface, o.multicastLoopback);
      } catch (IOException | RuntimeException e) {
        s.close();
        throw e;
      }
      EventLoop loop = host != null && ports.length == 1 ? loops.next() : loops.get(i);
      UdpPort p = new UdpPort(loop, s, this, o.callback, o.maxDatagramSize, o.maxReads, o.maxQueued);
      ports[i] = p;
      if (i == 0) {
        localAddress = s.localAddress();
        bindTo = new InetSocketAddress(address.getAddress(), localAddress.getPort());
      }
      Throwable err = LoopGroup.runAndWait(p.loop, p::start);
      if (err instanceof IOException) throw (IOException) err;
      if (err != null) throw new IOException("registering the UDP socket failed", err);
    }
    log.debug("udp listening on {} with {} {} loop(s)", localAddress, ports.length, loops.transport());
  }

  @Override
  public boolean send(ByteBuffer packet, InetSocketAddress to) {
    if (to.isUnresolved()) throw new IllegalArgumentException("unresolved address: " + to);
    if (packet.remaining() > 65535) {
      throw new IllegalArgumentException("datagram of " + packet.remaining() + " bytes exceeds 65535");
    }
    if (closed.get()) {
      refused.incrementAndGet();
      return false;
    }
    for (UdpPort p : ports) {
      if (p != null && p.loop.inLoop()) return counted(p.send(packet, to, false));
    }
    UdpPort p = ports[Math.floorMod(next.getAndIncrement(), ports.length)];
    if (!p.reserve()) return counted(false);
    ByteBuffer copy = ByteBuffer.allocate(packet.remaining());
    copy.put(0, packet, packet.position(), packet.remaining());
    p.loop.execute(() -> p.send(copy, to, true));
    return true;
  }

  private boolean counted(boolean accepted) {
    if (!accepted) refused.incrementAndGet();
    return accepted;
  }

  @Override public InetSocketAddress localAddress() { return localAddress; }

  @Override public int port() { return localAddress.getPort(); }

  @Override public Transport transport() { return loops.transport(); }

  @Override
  public void joinGroup(InetAddress group, NetworkInterface nif) throws IOException {
    membership(true, group, nif);
  }

  @Override
  public void leaveGroup(InetAddress group, NetworkInterface nif) throws IOException {
    membership(false, group, nif);
  }

  private void membership(boolean join, InetAddress group, NetworkInterface nif) throws IOException {
    if (!group.isMulticastAddress()) throw new IllegalArgumentException("not a multicast address: " + group);
    if (closed.get()) throw new IllegalStateException("closed: this PulseDatagram was closed; build a new one");
    for (UdpPort p : ports) {
      Throwable err = p.loop.inLoop() ? runHere(() -> p.socket.membership(join, group, nif))
          : LoopGroup.runAndWait(p.loop, () -> p.socket.membership(join, group, nif));
      if (err instanceof IOException) throw (IOException) err;
      if (err instanceof RuntimeException) throw (RuntimeException) err;
      if (err != null) throw new IOException((join ? "join " : "leave ") + group + " failed", err);
    }
  }

  private static Throwable runHere(LoopGroup.ThrowingRunnable task) {
    try {
      task.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  @Override
  public long datagramsIn() {
    long n = 0;
    for (UdpPort p : ports) if (p != null) n += p.datagramsIn.get();
    return n;
  }

  @Override
  public long datagramsOut() {
    long n = 0;
    for (UdpPort p : ports) if (p != null) n += p.datagramsOut.get();
    return n;
  }

  @Override
  public long droppedOversized() {
    long n = 0;
    for (UdpPort p : ports) if (p != null) n += p.droppedOversized.get();
    return n;
  }

  @Override
  public long refusedSends() {
    long n = refused.get();
    for (UdpPort p : ports) if (p != null) n += p.sendErrors.get();
    return n;
  }

  /** Datagrams per loop delivered so far (tests: SO_REUSEPORT spreads them). */
  public long[] datagramsInPerLoop() {
    long[] n = new long[ports.length];
    for (int i = 0; i < ports.length; i++) n[i] = ports[i] == null ? 0 : ports[i].datagramsIn.get();
    return n;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    for (UdpPort p : ports) {
      if (p == null) continue;
      if (p.loop.inLoop()) p.close(); // closed from a callback: this loop cannot wait for itself
      else LoopGroup.runAndWait(p.loop, p::close);
    }
    try {
      if (host != null) host.removeGuest(this);
      else loops.close();
    } finally {
      terminated.countDown();
    }
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  @Override
  public String toString() {
    return "PulseDatagram[" + localAddress + ", " + loops.transport() + "]";
  }
}

package io.pulse;

import io.pulse.internal.datagram.DatagramImpl;
import io.pulse.internal.datagram.DatagramOptions;
import io.pulse.internal.net.SocketOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A running UDP endpoint: one bound socket per event loop (several share a port with SO_REUSEPORT), datagrams
 * delivered to a {@link DatagramCallback}. Start one with {@code PulseDatagram.builder().callback(cb).bind(host,
 * port)}; {@link #close()} releases the sockets and threads.
 */
public interface PulseDatagram extends AutoCloseable {

  /** A new builder: one loop, 2048-byte datagrams, 1024 queued sends, EPOLL/KQUEUE when available. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code packet}'s remaining bytes (copied; its position is not moved) to {@code to}. Any thread: on one of
   * this endpoint's loops it goes straight to the kernel. When the kernel has no room it is queued and sent on
   * writability; returns false (and counts it in {@link #refusedSends()}) only when that queue is full.
   */
  boolean send(ByteBuffer packet, InetSocketAddress to);

  /** The bound address (with the chosen port after binding port 0). */
  InetSocketAddress localAddress();

  /** The bound port. */
  int port();

  /** The transport in use (never {@link Transport#AUTO}). */
  Transport transport();

  /**
   * Joins multicast {@code group} on interface {@code nif} on every socket of this endpoint (bind the wildcard
   * address or the group to receive its datagrams). Blocks until done; throws what the kernel said.
   */
  void joinGroup(InetAddress group, NetworkInterface nif) throws IOException;

  /** Leaves a group joined with {@link #joinGroup}; throws if it was not joined. */
  void leaveGroup(InetAddress group, NetworkInterface nif) throws IOException;

  /** Datagrams delivered to the callback so far. */
  long datagramsIn();

  /** Datagrams the kernel accepted for sending so far. */
  long datagramsOut();

  /** Datagrams received larger than {@link Builder#maxDatagramSize} and dropped (each logged at debug). */
  long droppedOversized();

  /** Sends refused because the send queue was full (or the endpoint closed), and sends the kernel rejected. */
  long refusedSends();

  /** Closes every socket (unsent queued datagrams are logged) and joins the loops. Idempotent. */
  @Override
  void close();

  /** Blocks until {@link #close()} (from any thread) has finished: a {@code main} serves until then. */
  void awaitTermination() throws InterruptedException;

  /** Options for a UDP endpoint; {@link #bind} starts it. Not thread-safe; reusable after bind. */
  final class Builder {
    private final DatagramOptions o = new DatagramOptions();

    Builder() {}

    /** The handler for every datagram (required). */
    public Builder callback(DatagramCallback callback) {
      o.callback = Objects.requireNonNull(callback, "callback");
      return this;
    }

    /** Event loops, one socket each; more than one needs {@link #reusePort} (default 1). */
    public Builder loops(int n) {
      if (n <= 0) throw new IllegalArgumentException("loops <= 0: " + n);
      o.loops = n;
      return this;
    }

    /** SO_REUSEPORT: the kernel spreads datagrams over one socket per loop on the same port (default false). */
    public Builder reusePort(boolean on) {
      o.reusePort = on;
      return this;
    }

    /** The readiness mechanism (default {@link Transport#AUTO}). */
    public Builder transport(Transport transport) {
      o.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Level or edge triggering (default {@link TriggerType#LEVEL}). */
    public Builder triggerType(TriggerType triggerType) {
      o.triggerType = Objects.requireNonNull(triggerType, "triggerType");
      return this;
    }

    /** The largest datagram delivered, 1 to 65535 bytes; larger ones are counted and dropped (default 2048). */
    public Builder maxDatagramSize(int bytes) {
      if (bytes <= 0 || bytes > 65535) throw new IllegalArgumentException("maxDatagramSize not in 1..65535: " + bytes);
      o.maxDatagramSize = bytes;
      return this;
    }

    /** Datagrams per socket that may wait for the kernel's room before {@code send} returns false (default 1024). */
    public Builder maxQueuedSends(int n) {
      if (n <= 0) throw new IllegalArgumentException("maxQueuedSends <= 0: " + n);
      o.maxQueued = n;
      return this;
    }

    /** Most datagrams read from one socket per readiness before the loop serves others (default 64). */
    public Builder maxReadsPerWakeup(int n) {
      if (n <= 0) throw new IllegalArgumentException("maxReadsPerWakeup <= 0: " + n);
      o.maxReads = n;
      return this;
    }

    /** SO_RCVBUF in bytes. */
    public Builder receiveBufferSize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("SO_RCVBUF (receiveBufferSize) <= 0: " + bytes);
      SocketOptions s = o.socketOptions;
      o.socketOptions = new SocketOptions(bytes, s.sendBufferSize, -1, s.trafficClass);
      return this;
    }

    /** SO_SNDBUF in bytes. */
    public Builder sendBufferSize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("SO_SNDBUF (sendBufferSize) <= 0: " + bytes);
      SocketOptions s = o.socketOptions;
      o.socketOptions = new SocketOptions(s.receiveBufferSize, bytes, -1, s.trafficClass);
      return this;
    }

    /** IP_TOS (IPV6_TCLASS on IPv6), 0-255. */
    public Builder trafficClass(int tos) {
      if (tos < 0 || tos > 255) throw new IllegalArgumentException("IP_TOS (trafficClass) not in 0..255: " + tos);
      SocketOptions s = o.socketOptions;
      o.socketOptions = new SocketOptions(s.receiveBufferSize, s.sendBufferSize, -1, tos);
      return this;
    }

    /** IP_MULTICAST_IF and IP_MULTICAST_LOOP for datagrams this endpoint sends to groups (default: system's, on). */
    public Builder multicast(NetworkInterface nif, boolean loopback) {
      o.multicastInterface = nif;
      o.multicastLoopback = loopback;
      o.multicastSet = true;
      return this;
    }

    /**
     * Runs on {@code server}'s loops and transport instead of new ones (TCP and UDP of one service on the same
     * threads); with {@link #reusePort} one socket per server loop, else one socket. The server's close closes
     * this endpoint; the loops, transport and trigger options of this builder are then ignored.
     */
    public Builder attach(PulseServer server) {
      o.host = Objects.requireNonNull(server, "server");
      return this;
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts the loops; running on return. */
    public PulseDatagram bind(String host, int port) throws IOException {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
      if (o.callback == null) throw new IllegalStateException("callback not set: call callback(...) before bind");
      if (o.host == null && o.loops > 1 && !o.reusePort) {
        throw new IllegalStateException("loops " + o.loops + " > 1 needs reusePort(true): one socket per loop");
      }
      return DatagramImpl.start(o.copy(), new InetSocketAddress(host, port));
    }
  }
}

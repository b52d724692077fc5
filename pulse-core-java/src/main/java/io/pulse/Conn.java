package io.pulse;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One TCP connection owned by an event loop. Every method is safe from any thread; writes from one thread
 * reach the peer in the order they were made.
 */
public interface Conn {

  /** A number unique among this process's connections. */
  long id();

  /**
   * The server that accepted this connection, so a callback can reach its {@link PulseServer#conns() groups},
   * stats and timers (already set in {@code onOpen}, even before {@code bind} has returned); null for a
   * {@link PulseClient}'s connection.
   */
  PulseServer server();

  /**
   * Queues a copy of {@code data} for the peer and tries to send it at once. Returns false, queueing nothing,
   * if the connection is already closed or closing.
   */
  boolean write(byte[] data);

  /**
   * Encodes {@code msg} with the connection's codec and writes it (without a codec: a byte[] or ByteBuffer).
   * Returns false if the connection is closed. Throws ClassCastException for a message of a type the codec does
   * not take, IllegalArgumentException for one it cannot encode (or, without a codec, anything but byte[] or
   * ByteBuffer), and whatever else the codec's {@code encode} throws; nothing is queued then.
   * (Kotlin's suspending {@code send} extensions build on this.)
   */
  boolean writeMessage(Object msg);

  /** Like {@link #write(byte[])} for {@code data[offset, offset+length)}. */
  boolean write(byte[] data, int offset, int length);

  /** Like {@link #write(byte[])} for the remaining bytes of {@code data}; its position moves to its limit. */
  boolean write(ByteBuffer data);

  /**
   * Closes the connection once the bytes already queued are sent; no more input is read. {@code onClose}
   * follows. Safe to call more than once.
   */
  void close();

  /**
   * Like {@link #close()}, and {@code onClose} receives {@code cause} as its error: for a protocol error found by
   * user code (a bad request, a codec error). If the connection was already closing, the first reason stands.
   */
  void close(Throwable cause);

  /**
   * Half-closes: sends what is queued, then a FIN; reading goes on. Later writes return false. Once the peer has
   * finished sending too, the connection closes. Any thread.
   */
  void shutdownOutput();

  /** True until the connection is closed or closing. */
  boolean isOpen();

  /** The object attached with {@link #session(Object)}, or null. */
  Object session();

  /** Attaches any object to this connection (a user id, a protocol state). */
  void session(Object session);

  /**
   * The peer's address: an InetSocketAddress, or for a Unix domain socket a UnixDomainSocketAddress (the server's
   * path on a client; usually the empty path on a server, whose clients are unnamed).
   */
  SocketAddress remoteAddress();

  /** This side's address: an InetSocketAddress or a UnixDomainSocketAddress (the path, on a server). */
  SocketAddress localAddress();

  /** False while more than the high water mark of bytes wait to be sent; reading from the peer pauses then. */
  boolean isWritable();

  /** Bytes accepted by {@code write} and not yet handed to the kernel. */
  long pendingWriteBytes();

  /**
   * Stops reading from the peer until {@link #resumeReading()} (Netty's autoRead off): a proxy pauses one side
   * while the other is not writable. Independent of the automatic pause above the high water mark.
   */
  void pauseReading();

  /** Undoes {@link #pauseReading()}. */
  void resumeReading();

  /**
   * Runs tasks on this connection's event loop thread, in order: for work that must not race the loop, or as a
   * coroutine dispatcher with no hand-off. Tasks must not block.
   */
  java.util.concurrent.Executor executor();

  /**
   * Closes the connection with a {@link ConnTimeoutException} of kind READ unless data arrives within
   * {@code timeout}; a data arrival fulfils it. Zero or null clears it. Replaces an earlier read deadline.
   */
  void readDeadline(java.time.Duration timeout);

  /**
   * Closes the connection with a {@link ConnTimeoutException} of kind WRITE if bytes are still queued after
   * {@code timeout}. Zero or null clears it. Replaces an earlier write deadline.
   */
  void writeDeadline(java.time.Duration timeout);

  /** {@link #readDeadline(java.time.Duration)} at a point in time (null clears it). */
  default void readDeadline(java.time.Instant deadline) {
    readDeadline(deadline == null ? null : positive(java.time.Duration.between(java.time.Instant.now(), deadline)));
  }

  /** {@link #writeDeadline(java.time.Duration)} at a point in time (null clears it). */
  default void writeDeadline(java.time.Instant deadline) {
    writeDeadline(deadline == null ? null : positive(java.time.Duration.between(java.time.Instant.now(), deadline)));
  }

  private static java.time.Duration positive(java.time.Duration d) {
    return d.isNegative() || d.isZero() ? java.time.Duration.ofNanos(1) : d; // already due: fire at once
  }

  /** Runs {@code task} once on this connection's loop after {@code delay}. */
  Timer runAfter(java.time.Duration delay, Runnable task);

  /** Runs {@code task} on this connection's loop every {@code period}, first after one period. */
  Timer runEvery(java.time.Duration period, Runnable task);

  /** Sets TCP_NODELAY on this connection. */
  void noDelay(boolean on);

  /** The TLS session (protocol, cipher suite, peer certificates) of a TLS connection; null without TLS. */
  default javax.net.ssl.SSLSession tlsSession() {
    return null;
  }

  /** The protocol agreed by ALPN in the TLS handshake (such as "h2"), or null if none was. */
  default String applicationProtocol() {
    return null;
  }
}

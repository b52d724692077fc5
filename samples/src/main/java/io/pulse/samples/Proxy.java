package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseClient;
import io.pulse.PulseServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy: each accepted connection is paired with one to the target, dialled on the server's own loops.
 * Backpressure runs end to end: while one side is not writable, the other side is not read. A side's own backlog
 * does not pause its own reading (what it reads goes to the other side): with that pause, the target's connection
 * and the target itself could each wait for the other to read, for good.
 */
final class Proxy implements AutoCloseable {
  final PulseServer server;
  private final PulseClient client;
  private final String targetHost;
  private final int targetPort;
  private final Set<Conn> conns = ConcurrentHashMap.newKeySet();

  Proxy(PulseServer.Builder<ByteBuffer> serverOptions, String host, int port, String targetHost, int targetPort)
      throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    server = serverOptions.pauseReadingWhenUnwritable(false).callback(new Side(true)).bind(host, port);
    client = PulseClient.builder().attach(server).pauseReadingWhenUnwritable(false).callback(new Side(false)).build();
  }

  /** One direction's handler; the paired connection is kept in each side's session. */
  private final class Side implements Callback<ByteBuffer> {
    private final boolean downstream;

    Side(boolean downstream) {
      this.downstream = downstream;
    }

    @Override
    public void onOpen(Conn conn) {
      conns.add(conn);
      if (!downstream) return;
      conn.pauseReading(); // nothing to forward to yet
      client.connect(targetHost, targetPort).whenComplete((upstream, err) -> {
        if (err != null) {
          conn.close();
          return;
        }
        upstream.session(conn);
        conn.session(upstream);
        conn.resumeReading();
      });
    }

    @Override
    public void onData(Conn from, ByteBuffer data) {
      Conn to = (Conn) from.session();
      to.write(data);
      if (!to.isWritable()) from.pauseReading(); // resumed by onWritable(to)
    }

    @Override
    public void onInputClosed(Conn from) {
      Conn to = (Conn) from.session();
      if (to != null) to.shutdownOutput(); // pass the half-close on; each side closes when both directions end
      else from.close();
    }

    @Override
    public void onWritable(Conn conn) {
      Conn peer = (Conn) conn.session();
      if (peer != null) peer.resumeReading();
    }

    @Override
    public void onClose(Conn conn, Throwable err) {
      conns.remove(conn);
      Conn peer = (Conn) conn.session();
      if (peer != null) peer.close(); // sends what is queued, then closes
    }
  }

  /** Bytes waiting to be sent on all proxied connections. */
  long pendingBytes() {
    long sum = 0;
    for (Conn c : conns) sum += c.pendingWriteBytes();
    return sum;
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}

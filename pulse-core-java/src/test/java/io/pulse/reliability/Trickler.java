package io.pulse.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Slowloris: many connections that each send one byte a second and never finish a request. One thread drives
 * them all; {@link #open()} counts those the server has not closed yet.
 */
final class Trickler implements AutoCloseable {
  private final List<SocketChannel> chans = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stop;
  private volatile int open;

  Trickler(int port, int connections) throws IOException {
    for (int i = 0; i < connections; i++) {
      SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      ch.configureBlocking(false);
      chans.add(ch);
    }
    open = connections;
    thread = new Thread(this::run, "trickler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Connections still open from the server's side (a write or read has not failed yet). */
  int open() {
    return open;
  }

  private void run() {
    ByteBuffer one = ByteBuffer.allocate(1);
    ByteBuffer sink = ByteBuffer.allocate(1024);
    while (!stop) {
      int alive = 0;
      for (SocketChannel ch : chans) {
        if (!ch.isOpen()) continue;
        try {
          sink.clear();
          if (ch.read(sink) < 0) throw new IOException("closed by the server");
          one.clear().put(0, (byte) 'x');
          ch.write(one);
          alive++;
        } catch (IOException e) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // closing a failed channel
          }
        }
      }
      open = alive;
      try {
        Thread.sleep(1000); // one byte a second: the pace is the point
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws Exception {
    stop = true;
    thread.interrupt();
    thread.join(5000);
    for (SocketChannel ch : chans) ch.close();
  }
}

package io.pulse.bench.driver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A throwaway NIO echo server inside the driver's JVM, on 127.0.0.1, one thread. It exists so the driver can run its
 * own burst code once before a timed burst against a cold server: the figure is then the server's cold path, not
 * the driver's interpreted one. Not a server under test.
 */
final class LocalEcho implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final Selector selector;
  private final Thread thread;
  private volatile boolean closing;

  LocalEcho() throws IOException {
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    listener.configureBlocking(false);
    selector = Selector.open();
    listener.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::loop, "driver-local-echo");
    thread.setDaemon(true);
    thread.start();
  }

  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) listener.getLocalAddress();
  }

  private void loop() {
    ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
    try {
      while (!closing) {
        selector.select(100);
        for (SelectionKey k : selector.selectedKeys()) {
          if (!k.isValid()) continue;
          if (k.isAcceptable()) {
            SocketChannel ch;
            while ((ch = listener.accept()) != null) {
              ch.configureBlocking(false);
              ch.register(selector, SelectionKey.OP_READ);
            }
          } else if (k.isReadable()) {
            echo((SocketChannel) k.channel(), k, buf);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      // closing: the selector or listener went away under the loop
    } finally {
      for (SelectionKey k : selector.keys()) closeQuietly(k.channel());
    }
  }

  /** Echoes what is readable; a write that does not finish (a burst message is 64 bytes) closes the connection. */
  private static void echo(SocketChannel ch, SelectionKey k, ByteBuffer buf) {
    try {
      buf.clear();
      int n = ch.read(buf);
      if (n < 0) throw new IOException("end of stream");
      buf.flip();
      ch.write(buf);
      if (buf.hasRemaining()) throw new IOException("echo did not fit the socket buffer");
    } catch (IOException e) {
      k.cancel();
      closeQuietly(ch);
    }
  }

  private static void closeQuietly(java.nio.channels.Channel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  @Override
  public void close() throws IOException {
    closing = true;
    selector.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    selector.close();
    listener.close();
  }
}

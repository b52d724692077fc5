package io.pulse.samples;

import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.core.Key;
import io.pulse.core.Poller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An echo server (or, with --connect, a client) written only against the raw {@code io.pulse.core} Poller, as in
 * antlabs/pulse's example/core: one thread, non-blocking channels, read and write interest by hand.
 */
@Command(name = "core-echo", mixinStandardHelpOptions = true,
    description = "Echo server on the raw io.pulse.core Poller; --connect HOST:PORT runs the matching client.")
final class CoreEchoSample implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "9000", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--transport", defaultValue = "auto", description = "auto, epoll, io_uring, kqueue or nio (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--connect", description = "Run as a client: send stdin lines to HOST:PORT, print the echoes.")
  String connect;

  /** Bytes read but not yet echoed back, per connection. */
  private static final class Pending {
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
  }

  @Override
  public Integer call() throws Exception {
    Transport t = Transport.valueOf(transport.toUpperCase(Locale.ROOT));
    try (Poller poller = Poller.open(t, TriggerType.LEVEL)) {
      if (connect != null) return client(poller);
      ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(host, port));
      listener.configureBlocking(false);
      poller.register(listener, Poller.READ, listener);
      System.out.println("core-echo listening on " + listener.getLocalAddress() + " (" + poller.transport() + ")");
      ByteBuffer buf = ByteBuffer.allocateDirect(16 * 1024);
      for (;;) {
        poller.poll(-1, (key, ops, err) -> {
          try {
            if (key.attachment() == listener) accept(poller, listener);
            else serve(key, ops, buf);
          } catch (IOException e) {
            close(key);
          }
        });
      }
    }
  }

  private static void accept(Poller poller, ServerSocketChannel listener) throws IOException {
    SocketChannel c;
    while ((c = listener.accept()) != null) { // drain the accept queue
      c.configureBlocking(false);
      poller.register(c, Poller.READ, new Pending());
    }
  }

  private static void serve(Key key, int ops, ByteBuffer buf) throws IOException {
    SocketChannel ch = (SocketChannel) key.channel();
    Pending p = (Pending) key.attachment();
    if ((ops & Poller.READ) != 0) {
      buf.clear();
      int n = ch.read(buf);
      if (n < 0) {
        close(key);
        return;
      }
      buf.flip();
      ch.write(buf); // echo what the socket takes now; queue the rest
      if (buf.hasRemaining()) p.out.add(ByteBuffer.allocate(buf.remaining()).put(buf).flip());
    }
    if ((ops & Poller.WRITE) != 0) {
      while (!p.out.isEmpty() && ch.write(p.out.peek()) >= 0 && !p.out.peek().hasRemaining()) p.out.poll();
    }
    // Read only while nothing waits to be written (backpressure); write interest only while something does.
    key.interest(p.out.isEmpty() ? Poller.READ : Poller.WRITE);
  }

  private static void close(Key key) {
    try {
      key.cancel();
      key.channel().close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private int client(Poller poller) throws IOException {
    int colon = connect.lastIndexOf(':');
    SocketChannel ch = SocketChannel.open(new InetSocketAddress(connect.substring(0, colon),
        Integer.parseInt(connect.substring(colon + 1))));
    ch.configureBlocking(false);
    Key key = poller.register(ch, Poller.READ, null);
    byte[] input = System.in.readAllBytes();
    ByteBuffer out = ByteBuffer.wrap(input);
    ByteBuffer in = ByteBuffer.allocate(input.length);
    key.interest(Poller.READ | Poller.WRITE);
    while (in.hasRemaining()) {
      poller.poll(5_000, (k, ops, err) -> {
        try {
          if ((ops & Poller.WRITE) != 0 && out.hasRemaining()) ch.write(out);
          if ((ops & Poller.READ) != 0 && ch.read(in) < 0) throw new IOException("server closed early");
          k.interest(out.hasRemaining() ? Poller.READ | Poller.WRITE : Poller.READ);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    System.out.print(new String(in.array(), java.nio.charset.StandardCharsets.UTF_8));
    ch.close();
    return 0;
  }
}

package io.pulse.reliability;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process that opens connections and holds them, so a test can make a whole peer vanish (kill it) or go
 * silent (stop it). Arguments: port, connections, bytes each writes at once (never reading). Prints
 * {@code holding N} when all are connected and written, then waits until killed or its stdin closes.
 */
public final class ConnectionHolder {
  private ConnectionHolder() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    int bytes = Integer.parseInt(args[2]);
    List<SocketChannel> held = new ArrayList<>();
    ByteBuffer data = ByteBuffer.allocate(bytes);
    for (int i = 0; i < n; i++) {
      SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      ch.configureBlocking(false);
      data.clear();
      ch.write(data); // as much as the socket buffer takes; the rest is never sent
      held.add(ch);
    }
    System.out.println("holding " + held.size());
    while (System.in.read() >= 0) {
      // wait for stdin to close
    }
  }
}

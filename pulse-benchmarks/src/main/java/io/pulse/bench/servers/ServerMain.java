package io.pulse.bench.servers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;

/**
 * A benchmarked server in its own JVM: {@code ServerMain KIND PORT}. Prints {@code READY} once listening, answers
 * {@code HEAP} on stdin with heap bytes used after a GC, and exits when stdin closes.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    AutoCloseable server;
    try {
      server = EchoServers.start(args[0], Integer.parseInt(args[1]));
    } catch (Throwable t) { // say why on the line the harness reads, and exit: a started loop thread would keep us alive
      System.out.println("FAILED " + t);
      System.out.flush();
      System.exit(1);
      return;
    }
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals("HEAP")) {
        System.gc();
        System.out.println("HEAP " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        System.out.flush();
      }
    }
    server.close();
    System.exit(0);
  }
}

package io.pulse.samples;

import io.pulse.PulseServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A TCP proxy with end-to-end backpressure; both sides of each pair share one event loop. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "TCP proxy: forwards each connection to --target, pausing a side while the other is full.")
final class ProxySample implements Callable<Integer> {
  @Mixin ServerOptionsMixin server;

  @Option(names = "--target", required = true, description = "host:port to forward to.")
  String target;

  @Override
  public Integer call() throws Exception {
    int colon = target.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("--target must be host:port, got " + target);
    String host = target.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(target.substring(colon + 1));
    Proxy p = new Proxy(server.apply(PulseServer.builder()), server.host, server.port, host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(p::close));
    System.out.println("proxy listening on " + p.server.localAddress() + " -> " + target);
    p.server.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }
}

package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.PulseServer;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** An echo server: every byte a client sends comes back. Try it with {@code nc 127.0.0.1 9000}. */
@Command(name = "echo", mixinStandardHelpOptions = true, description = "Echo server: sends back every byte it reads.")
final class EchoSample implements Callable<Integer> {
  @Mixin ServerOptionsMixin server;

  @Option(names = "--idle-timeout", description = "Close connections idle this long, e.g. 30s or 500ms (default: never).")
  String idleTimeout;

  @Option(names = "--max-conns", description = "Refuse connections beyond this many (default: no limit).")
  Integer maxConns;

  @Override
  public Integer call() throws Exception {
    Callback<ByteBuffer> echo = Callback.of((conn, data) -> conn.write(data));
    PulseServer.Builder<ByteBuffer> b = server.apply(PulseServer.builder()).callback(echo);
    if (idleTimeout != null) b.idleTimeout(Durations.parse(idleTimeout));
    if (maxConns != null) b.maxConnections(maxConns);
    PulseServer s = b.bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("echo listening on " + s.localAddress() + " (" + s.transport() + ")");
    s.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }
}

package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.PulseServer;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** An echo server: every byte a client sends comes back. Try it with {@code nc 127.0.0.1 9000}. */
@Command(name = "echo", mixinStandardHelpOptions = true, description = "Echo server: sends back every byte it reads.")
final class EchoSample implements Callable<Integer> {
  @Mixin ServerOptionsMixin server;

  @Override
  public Integer call() throws Exception {
    Callback<ByteBuffer> echo = Callback.of((conn, data) -> conn.write(data));
    PulseServer s = server.apply(PulseServer.builder()).callback(echo).bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("echo listening on " + s.localAddress() + " (" + s.transport() + ")");
    new CountDownLatch(1).await(); // serve until the process is stopped
    return 0;
  }
}

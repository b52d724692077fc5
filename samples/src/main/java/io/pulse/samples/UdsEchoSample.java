package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.TriggerType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An echo server on a Unix domain socket. Try it with {@code nc -U /tmp/pulse-echo.sock}. A stale socket file is
 * replaced; the file is removed when the server stops.
 */
@Command(name = "uds-echo", mixinStandardHelpOptions = true,
    description = "Echo server on a Unix domain socket: sends back every byte it reads.")
final class UdsEchoSample implements Callable<Integer> {
  @Option(names = "--path", defaultValue = "/tmp/pulse-echo.sock",
      description = "Socket file to listen on (default: ${DEFAULT-VALUE}).")
  Path path;

  @Option(names = "--port", description = "Also listen on this TCP port of 127.0.0.1 (default: Unix socket only).")
  Integer port;

  @Option(names = "--loops", description = "Event loops (default: one per core).")
  Integer loops;

  @Option(names = "--transport", defaultValue = "auto", description = "auto, epoll, io_uring, kqueue or nio (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--trigger", defaultValue = "level", description = "level or edge (default: ${DEFAULT-VALUE}).")
  String trigger;

  @Override
  public Integer call() throws Exception {
    PulseServer.Builder<ByteBuffer> b = PulseServer.builder()
        .transport(Transport.valueOf(transport.toUpperCase(Locale.ROOT)))
        .triggerType(TriggerType.valueOf(trigger.toUpperCase(Locale.ROOT)))
        .callback(Callback.of((conn, data) -> conn.write(data)))
        .listen(path);
    if (loops != null) b.loops(loops);
    if (port != null) b.listen("127.0.0.1", port);
    PulseServer s = b.start();
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("uds-echo listening on " + s.localAddresses() + " (" + s.transport() + ")");
    s.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }
}

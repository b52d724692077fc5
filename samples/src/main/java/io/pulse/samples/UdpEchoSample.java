package io.pulse.samples;

import io.pulse.DatagramCallback;
import io.pulse.PulseDatagram;
import io.pulse.Transport;
import io.pulse.TriggerType;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A UDP echo server: every datagram goes back to its sender. Try it with {@code nc -u 127.0.0.1 9001}. */
@Command(name = "udp-echo", mixinStandardHelpOptions = true,
    description = "UDP echo server: sends every datagram back to its sender.")
final class UdpEchoSample implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "9001", description = "Port to bind (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--loops", defaultValue = "1",
      description = "Event loops, one socket each sharing the port with SO_REUSEPORT (default: ${DEFAULT-VALUE}).")
  int loops;

  @Option(names = "--max-size", defaultValue = "2048",
      description = "Largest datagram echoed; larger ones are counted and dropped (default: ${DEFAULT-VALUE}).")
  int maxSize;

  @Option(names = "--transport", defaultValue = "auto", description = "auto, epoll, io_uring, kqueue or nio (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--trigger", defaultValue = "level", description = "level or edge (default: ${DEFAULT-VALUE}).")
  String trigger;

  @Override
  public Integer call() throws Exception {
    DatagramCallback echo = (endpoint, packet, sender) -> endpoint.send(packet, sender);
    PulseDatagram d = PulseDatagram.builder()
        .loops(loops).reusePort(loops > 1).maxDatagramSize(maxSize)
        .transport(Transport.valueOf(transport.toUpperCase(Locale.ROOT)))
        .triggerType(TriggerType.valueOf(trigger.toUpperCase(Locale.ROOT)))
        .callback(echo)
        .bind(host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("udp-echo: " + d.datagramsIn() + " in, " + d.datagramsOut() + " out, "
          + d.droppedOversized() + " oversized dropped");
      d.close();
    }));
    System.out.println("udp-echo listening on " + d.localAddress() + " (" + d.transport() + ")");
    d.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }
}

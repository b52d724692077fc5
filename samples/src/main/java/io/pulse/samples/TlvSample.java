package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.codec.Tlv;
import io.pulse.codec.TlvCodec;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** pulse's TLV example: echoes each type-length-value frame; a frame over the limit closes that connection. */
@Command(name = "tlv", mixinStandardHelpOptions = true,
    description = "TLV echo: 1-byte type, 4-byte length, value; frames above --max-value close the connection.")
final class TlvSample implements Callable<Integer> {
  @Mixin ServerOptionsMixin server;

  @Option(names = "--max-value", defaultValue = "65536", description = "Largest value in bytes (default: ${DEFAULT-VALUE}).")
  int maxValue;

  @Override
  public Integer call() throws Exception {
    PulseServer s = server.apply(PulseServer.builder(new TlvCodec(maxValue)))
        .callback(Callback.<Tlv>of(null, (conn, tlv) -> conn.writeMessage(tlv),
            (conn, err) -> {
              if (err != null) System.out.println("closed " + conn.id() + ": " + err.getMessage());
            }))
        .bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("tlv listening on " + s.localAddress());
    new CountDownLatch(1).await();
    return 0;
  }
}

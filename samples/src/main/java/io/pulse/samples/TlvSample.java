package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.codec.Tlv;
import io.pulse.codec.TlvCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * antlabs/pulse's TLV server ({@code example/tlv}), wire-compatible with its Go client: 2-byte type, 4-byte length
 * (big-endian), value. Type 1 is answered with type 1 {@code "Echo: " + value}, type 2 with type 3 {@code "Pong"},
 * anything else with type 999 {@code "Unknown message type"}. A frame above the limit closes that connection only.
 */
@Command(name = "tlv", mixinStandardHelpOptions = true,
    description = "pulse's TLV server: type 1 -> 1 \"Echo: \"+value, 2 -> 3 \"Pong\", other -> 999; 2-byte type, "
        + "4-byte length, value; frames above --max-value close the connection.")
final class TlvSample implements Callable<Integer> {
  static final int ECHO = 1;
  static final int PING = 2;
  static final int PONG = 3;
  static final int UNKNOWN = 999;

  @Mixin ServerOptionsMixin server;

  @Option(names = "--max-value", defaultValue = "1048576", description = "Largest value in bytes (default: ${DEFAULT-VALUE}, as pulse).")
  int maxValue;

  /** pulse's answer to one message. */
  static Tlv answer(Tlv msg) {
    switch (msg.type()) {
      case ECHO: return text(ECHO, "Echo: " + new String(msg.value(), StandardCharsets.UTF_8));
      case PING: return text(PONG, "Pong");
      default: return text(UNKNOWN, "Unknown message type");
    }
  }

  private static Tlv text(int type, String s) {
    return new Tlv(type, s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Integer call() throws Exception {
    PulseServer s = server.apply(PulseServer.builder(new TlvCodec(maxValue)))
        .callback(Callback.<Tlv>of(null, (Conn conn, Tlv msg) -> conn.writeMessage(answer(msg)),
            (conn, err) -> {
              if (err != null) System.out.println("closed " + conn.id() + ": " + err.getMessage());
            }))
        .bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("tlv listening on " + s.localAddress());
    s.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }
}

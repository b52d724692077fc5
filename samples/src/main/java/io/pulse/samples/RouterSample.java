package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.codec.Packet;
import io.pulse.codec.PacketCodec;
import io.pulse.router.Router;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A tiny chat routed by message id (netman packets: 4-byte body length, 4-byte id, little-endian, then the body): 1 = join a room (body: room),
 * 2 = say (body: text, broadcast to your room as id 3), 4 = ping (answered with id 5). A logging middleware sees
 * everything; room commands pass a "joined?" group middleware.
 */
@Command(name = "router", mixinStandardHelpOptions = true,
    description = "Chat routed by message id: 1 join ROOM, 2 say TEXT (others get 3), 4 ping (get 5).")
final class RouterSample implements Callable<Integer> {
  static final int JOIN = 1;
  static final int SAY = 2;
  static final int HEARD = 3;
  static final int PING = 4;
  static final int PONG = 5;

  @Mixin ServerOptionsMixin server;

  /** The routes; handlers reach the server's groups through {@code conn.server()}. */
  static Router<Packet> routes() {
    Router<Packet> r = Router.create(Packet::id);
    r.use((conn, p, next) -> {
      System.out.println("conn " + conn.id() + " -> id " + p.id() + " (" + p.body().length + " bytes)");
      next.proceed();
    });
    r.route(JOIN, (conn, p) -> {
      String room = text(p);
      conn.session(room);
      conn.server().conns().join(room, conn);
    });
    r.route(PING, (conn, p) -> conn.writeMessage(new Packet(PONG, p.body())));
    r.group((conn, p, next) -> {
      if (conn.session() != null) next.proceed(); // must have joined a room
    }).route(SAY, (conn, p) -> conn.server().conns().broadcast((String) conn.session(), new Packet(HEARD, p.body())));
    return r;
  }

  static String text(Packet p) {
    return new String(p.body(), StandardCharsets.UTF_8);
  }

  @Override
  public Integer call() throws Exception {
    Router<Packet> router = routes();
    PulseServer s = server.apply(PulseServer.builder(new PacketCodec(64 * 1024)))
        .callback(Callback.<Packet>of(null, router::onData, (Conn c, Throwable e) -> { }))
        .bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("router listening on " + s.localAddress());
    s.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }
}

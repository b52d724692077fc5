package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.codec.Packet;
import io.pulse.codec.PacketCodec;
import io.pulse.router.Router;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A tiny chat routed by message id (netman packets: 4-byte id, 4-byte length, body): 1 = join a room (body: room),
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

  /** The routes; {@code s[0]} is the server once bound (handlers use its groups). */
  static Router<Packet> routes(PulseServer[] s) {
    Router<Packet> r = Router.create(Packet::id);
    r.use((conn, p, next) -> {
      System.out.println("conn " + conn.id() + " -> id " + p.id() + " (" + p.body().length + " bytes)");
      next.proceed();
    });
    r.route(JOIN, (conn, p) -> {
      String room = text(p);
      conn.session(room);
      s[0].conns().join(room, conn);
    });
    r.route(PING, (conn, p) -> conn.writeMessage(new Packet(PONG, p.body())));
    r.group((conn, p, next) -> {
      if (conn.session() != null) next.proceed(); // must have joined a room
    }).route(SAY, (conn, p) -> s[0].conns().broadcast((String) conn.session(), new Packet(HEARD, p.body())));
    return r;
  }

  static String text(Packet p) {
    return new String(p.body(), StandardCharsets.UTF_8);
  }

  @Override
  public Integer call() throws Exception {
    PulseServer[] s = new PulseServer[1];
    Router<Packet> router = routes(s);
    s[0] = server.apply(PulseServer.builder(new PacketCodec(64 * 1024)))
        .callback(Callback.<Packet>of(null, router::onData, (Conn c, Throwable e) -> { }))
        .bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s[0]::close));
    System.out.println("router listening on " + s[0].localAddress());
    new CountDownLatch(1).await();
    return 0;
  }
}

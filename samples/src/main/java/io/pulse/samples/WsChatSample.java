package io.pulse.samples;

import io.pulse.PulseServer;
import io.pulse.http.HttpCallback;
import io.pulse.http.HttpResponse;
import io.pulse.websocket.WebSocket;
import io.pulse.websocket.WebSocketCallback;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A WebSocket chat: open {@code http://127.0.0.1:8081/} in a few browser tabs; each text message sent on
 * {@code /chat} is broadcast to every connected client.
 */
@Command(name = "ws-chat", mixinStandardHelpOptions = true, defaultValueProvider = DefaultPort.WsChat.class,
    description = "WebSocket chat: GET / serves the page, /chat broadcasts each message to all (default port 8081).")
final class WsChatSample implements Callable<Integer> {
  @Mixin ServerOptionsMixin server;

  @Override
  public Integer call() throws Exception {
    String page = resource("ws-chat.html");
    WebSocketCallback chat = new WebSocketCallback() {
      @Override public void onOpen(WebSocket ws) {
        ws.conn().server().conns().join("chat", ws.conn());
      }

      @Override public void onMessage(WebSocket ws, String text) {
        WebSocket.broadcast(ws.conn().server().conns(), "chat", text); // one frame, encoded once, written to every member
      }
    };
    HttpCallback http = HttpCallback.builder()
        .get("/", req -> HttpResponse.html(page))
        .webSocket("/chat", chat)
        .maxMessageBytes(64 * 1024)
        .build();
    PulseServer s = server.apply(PulseServer.builder()).callback(http).bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("ws-chat listening on " + s.localAddress() + " (" + s.transport() + "): open http://"
        + server.host + ":" + s.port() + "/");
    s.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = WsChatSample.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

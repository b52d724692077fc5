package io.pulse.samples;

import io.pulse.PulseServer;
import io.pulse.http.HttpCallback;
import io.pulse.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A minimal HTTP/1.1 server: {@code curl http://127.0.0.1:8080/plaintext} answers {@code Hello, World!}. */
@Command(name = "http", mixinStandardHelpOptions = true, defaultValueProvider = DefaultPort.Http.class,
    description = "HTTP/1.1 server: GET /plaintext answers Hello, World! (default port 8080).")
final class HttpSample implements Callable<Integer> {
  @Mixin ServerOptionsMixin server;

  @Override
  public Integer call() throws Exception {
    HttpCallback http = HttpCallback.builder()
        .get("/plaintext", req -> HttpResponse.ok("Hello, World!"))
        .build();
    PulseServer.Builder<ByteBuffer> b = server.apply(PulseServer.builder()).callback(http);
    PulseServer s = b.bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("http listening on " + s.localAddress() + " (" + s.transport() + ")");
    s.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }
}

package io.pulse.lifecycle;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.http.HttpCallback;
import io.pulse.http.HttpResponse;
import java.net.BindException;
import org.junit.jupiter.api.Test;

/** Misuse gets an error that says what went wrong and what to do. */
class ApiMessagesTest {

  @Test
  void httpRouteMethodsAreValidated() {
    IllegalArgumentException lower = assertThrows(IllegalArgumentException.class,
        () -> HttpCallback.builder().route("get", "/", r -> HttpResponse.ok("x")));
    assertTrue(lower.getMessage().contains("use 'GET'"), lower.getMessage());
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
        () -> HttpCallback.builder().route("GE T", "/", r -> HttpResponse.ok("x")));
    assertTrue(blank.getMessage().contains("'GE T'"), blank.getMessage());
    assertThrows(NullPointerException.class, () -> HttpCallback.builder().route(null, "/", r -> HttpResponse.ok("")));
    HttpCallback.builder().route("PATCH", "/", r -> HttpResponse.ok("x")).route("M-SEARCH", "/", r -> null);
  }

  @Test
  void nioBindExceptionNamesTheAddress() throws Exception {
    try (PulseServer first = PulseServer.builder().transport(Transport.NIO).loops(1).reuseAddress(false)
        .callback(Callback.of((c, d) -> { })).bind("127.0.0.1", 0)) {
      BindException e = assertThrows(BindException.class, () -> PulseServer.builder().transport(Transport.NIO)
          .loops(1).reuseAddress(false).callback(Callback.of((c, d) -> { })).bind("127.0.0.1", first.port()));
      assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()), e.getMessage());
    }
  }
}

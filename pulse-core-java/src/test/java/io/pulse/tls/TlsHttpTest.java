package io.pulse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.http.HttpCallback;
import io.pulse.http.HttpResponse;
import io.pulse.testing.Closer;
import io.pulse.testing.ExternalTool;
import io.pulse.testing.TestCerts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP callback unchanged on top of TLS: curl over HTTPS, two URLs on one kept-alive TLS connection. */
class TlsHttpTest {
  private final Closer closer = new Closer();

  @AfterEach
  void closeAll() throws Exception {
    closer.close();
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void curlGetsTwoUrlsOverOneHttpsConnection(Transport t) throws Exception {
    ExternalTool.require("curl");
    HttpCallback http = HttpCallback.builder()
        .get("/a", req -> HttpResponse.ok("alpha"))
        .get("/b", req -> HttpResponse.ok("beta"))
        .build();
    PulseServer s = closer.add(PulseServer.builder().transport(t).loops(1).tls(TestCerts.serverContext())
        .callback(http).bind("127.0.0.1", 0));
    String base = "https://localhost:" + s.port();
    ExternalTool.Result r = ExternalTool.run(Path.of("."), 20, List.of("curl", "-sv", "--cacert",
        TestCerts.certificatePem().toString(), base + "/a", base + "/b"));
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("alphabeta", r.stdout());
    assertTrue(r.stderr().contains("TLSv1.3"), r.stderr());
    assertTrue(r.stderr().contains("Re-using existing connection") || r.stderr().contains("Reusing existing"),
        r.stderr());
    assertEquals(1, s.stats().accepted());
  }
}

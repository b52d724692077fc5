package io.pulse.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import io.pulse.codec.Codec;
import io.pulse.codec.CodecException;
import io.pulse.testing.fuzz.Fuzzer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fuzz inputs over a real server, one connection each (send, half-close, read to the end): the server closes a
 * connection with a {@link CodecException} that says what was wrong exactly when the codec rejects its bytes, and
 * otherwise closes it cleanly; meanwhile a good connection on the same server keeps getting its echoes. CI: 150
 * inputs a codec and transport; full mode: 2,000.
 */
@Tag("reliability")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CodecServerFuzzTest {
  private static final Logger log = LoggerFactory.getLogger(CodecServerFuzzTest.class);
  static final int INPUTS = Scale.pick(150, 2_000);
  private static final Object CLEAN = new Object();

  static Stream<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (Setup s : Setup.transports().toList()) {
      for (CodecTargets.Case c : CodecTargets.serverCases()) list.add(Arguments.of(s, c));
    }
    return list.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void badConnectionsAreClosedWithTheCodecErrorAndAGoodOneIsUnaffected(Setup setup, CodecTargets.Case c)
      throws Exception {
    setup.assumeAvailable();
    BlockingQueue<Object> closes = new LinkedBlockingQueue<>();
    Callback<Object> cb = new Callback<>() {
      @Override public void onData(Conn conn, Object msg) {
        conn.writeMessage(msg);
      }

      @Override public void onClose(Conn conn, Throwable err) {
        closes.add(err == null ? CLEAN : err);
      }
    };
    @SuppressWarnings("unchecked")
    Codec<Object> codec = (Codec<Object>) c.codec();
    Random goodFrames = new Random(5);
    long seed = CodecFuzzTest.SEED + 1;
    int rejected = 0;
    try (PulseServer server = PulseServer.builder(codec).transport(setup.transport()).loops(2).callback(cb)
        .bind("127.0.0.1", 0);
        Socket good = connect(server.port())) {
      for (int i = 0; i < INPUTS; i++) {
        byte[] frame = c.target().validFrame(goodFrames);
        good.getOutputStream().write(frame);
        assertArrayEquals(frame, good.getInputStream().readNBytes(frame.length), "echo to the good connection");

        byte[] bad = Fuzzer.input(c.target(), seed, i);
        Throwable expected = Fuzzer.decode(c.target(), bad).error();
        exchange(server.port(), bad);
        Object closed = closes.poll(10, TimeUnit.SECONDS);
        assertNotNull(closed, "no onClose for input " + i);
        String what = "input " + i + " (seed " + seed + ") " + HexFormat.of().formatHex(bad, 0, Math.min(48, bad.length));
        if (expected == null) {
          if (closed != CLEAN) fail(what + ": the codec accepts it, yet the server closed with " + closed);
        } else {
          assertTrue(closed instanceof CodecException, what + ": expected " + expected + ", closed with " + closed);
          String m = ((Throwable) closed).getMessage();
          assertTrue(m != null && !m.isBlank(), what + ": no message");
          rejected++;
        }
      }
      assertTrue(server.connectionCount() == 1, "only the good connection is left: " + server.connectionCount());
    }
    log.info("{} {}: {} inputs over sockets, {} closed with a codec error, the good connection echoed each time",
        setup.transport(), c, INPUTS, rejected);
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** Sends {@code bytes}, half-closes and reads until the server closes (a reset is fine: it may close early). */
  private static void exchange(int port, byte[] bytes) throws IOException {
    try (Socket s = connect(port)) {
      try {
        s.getOutputStream().write(bytes);
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        byte[] sink = new byte[8192];
        while (in.read(sink) >= 0) {
          // drain the echoes
        }
      } catch (java.net.SocketTimeoutException e) {
        throw e;
      } catch (IOException reset) {
        // the server closed with input unread: a reset
      }
    }
  }
}

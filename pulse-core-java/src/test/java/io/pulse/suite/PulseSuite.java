package io.pulse.suite;

import io.pulse.PulseServer;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.testing.TransportSuiteBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The base of the transport behaviour suites here: on top of {@link TransportSuiteBase}, each test runs once level-
 * and once edge-triggered. Servers bind 127.0.0.1:0 with two loops; clients are plain JDK sockets.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TriggerType.class)
abstract class PulseSuite extends TransportSuiteBase {
  /** Socket read timeout of every client: a hang fails the test instead of stalling the build. */
  static final int CLIENT_TIMEOUT_MILLIS = 15_000;

  @Parameter
  TriggerType trigger;

  /** A raw-bytes builder for the transport and trigger under test, two loops, callbacks on the loop. */
  PulseServer.Builder<ByteBuffer> server() {
    return PulseServer.builder().transport(transport()).triggerType(trigger).loops(2);
  }

  /** Binds {@code b} on 127.0.0.1:0; closed after the test. */
  PulseServer start(PulseServer.Builder<ByteBuffer> b) throws IOException {
    return closeLater(b.bind("127.0.0.1", 0));
  }

  /** A connected blocking client with a read timeout; closed after the test. */
  Socket connect(PulseServer s) throws IOException {
    Socket socket = closeLater(new Socket());
    socket.connect(new InetSocketAddress("127.0.0.1", s.port()), CLIENT_TIMEOUT_MILLIS);
    socket.setSoTimeout(CLIENT_TIMEOUT_MILLIS);
    return socket;
  }
}

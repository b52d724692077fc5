package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.PulseClient;
import io.pulse.PulseDatagram;
import io.pulse.PulseServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid socket option values fail on the builder with a message naming the option and the value. */
class SocketOptionValidationTest {

  private static void assertRejects(String option, String value, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String m = String.valueOf(e.getMessage());
    assertTrue(m.contains(option) && m.contains(value), "should name " + option + " and " + value + ": " + m);
  }

  @Test
  void streamBuildersRejectBadBuffersLingerAndTos() {
    assertRejects("SO_RCVBUF", "0", () -> PulseServer.builder().receiveBufferSize(0));
    assertRejects("SO_SNDBUF", "-4", () -> PulseServer.builder().sendBufferSize(-4));
    assertRejects("SO_LINGER", "PT-1S", () -> PulseServer.builder().linger(Duration.ofSeconds(-1)));
    assertRejects("SO_LINGER", "PT19H", () -> PulseServer.builder().linger(Duration.ofHours(19)));
    assertRejects("IP_TOS", "256", () -> PulseServer.builder().trafficClass(256));
    assertRejects("IP_TOS", "-1", () -> PulseClient.builder().trafficClass(-1));
    assertRejects("SO_RCVBUF", "-1", () -> PulseClient.builder().receiveBufferSize(-1));
  }

  @Test
  void datagramBuilderRejectsBadSizesAndTos() {
    assertRejects("maxDatagramSize", "0", () -> PulseDatagram.builder().maxDatagramSize(0));
    assertRejects("maxDatagramSize", "65536", () -> PulseDatagram.builder().maxDatagramSize(65536));
    assertRejects("maxQueuedSends", "0", () -> PulseDatagram.builder().maxQueuedSends(0));
    assertRejects("SO_RCVBUF", "0", () -> PulseDatagram.builder().receiveBufferSize(0));
    assertRejects("SO_SNDBUF", "-9", () -> PulseDatagram.builder().sendBufferSize(-9));
    assertRejects("IP_TOS", "300", () -> PulseDatagram.builder().trafficClass(300));
  }

  @Test
  void severalDatagramLoopsWithoutReusePortAreRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PulseDatagram.builder().loops(2).callback((d, p, s) -> { }).bind("127.0.0.1", 0));
    assertTrue(e.getMessage().contains("reusePort"), e.getMessage());
  }

  @Test
  void startWithoutListenAddressIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PulseServer.builder().callback(RecordingCallback.echo()).start());
    assertTrue(e.getMessage().contains("listen"), e.getMessage());
  }
}

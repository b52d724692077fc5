package io.pulse.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Callback;
import io.pulse.PulseServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Bad options fail at once, naming the value; a server without a callback does not start. */
class BuilderValidationTest {

  private static void assertRejects(String value, Consumer<PulseServer.Builder<ByteBuffer>> option) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> option.accept(PulseServer.builder()));
    // The value itself, not the bound it broke: "loops <= 0: 0" shows it after the colon.
    assertTrue(Pattern.compile("(:\\s*|\\(|,\\s*)" + Pattern.quote(value) + "(?![0-9])")
        .matcher(String.valueOf(e.getMessage())).find(), "message should show " + value + ": " + e.getMessage());
  }

  @Test
  void nonPositiveCountsAndSizesAreRejectedWithTheValue() {
    assertRejects("0", b -> b.loops(0));
    assertRejects("-3", b -> b.loops(-3));
    assertRejects("0", b -> b.readBufferSize(0));
    assertRejects("-1", b -> b.readBufferSize(-1));
    assertRejects("0", b -> b.maxReadsPerWakeup(0));
    assertRejects("0", b -> b.highWaterMark(0));
    assertRejects("-5", b -> b.highWaterMark(-5));
    assertRejects("-1", b -> b.lowWaterMark(-1));
    assertRejects("0", b -> b.maxConnections(0));
    assertRejects("-2", b -> b.backlog(-2));
    assertRejects("-7", b -> b.maxPendingWriteBytes(-7));
    assertRejects("-1", b -> b.workerPool(-1, 4));
    assertRejects("0", b -> b.workerPool(0, 0));
    assertRejects("PT-1S", b -> b.idleTimeout(Duration.ofSeconds(-1)));
  }

  @Test
  void portOutOfRangeIsRejectedWithTheValue() {
    assertRejects("70000", b -> {
      try {
        b.callback(Callback.of((c, m) -> { })).bind("127.0.0.1", 70000);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void lowWaterMarkAboveHighIsRejectedAtBindWithBothValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PulseServer.builder()
        .callback(Callback.of((c, m) -> { })).highWaterMark(1000).lowWaterMark(2000).bind("127.0.0.1", 0).close());
    assertTrue(e.getMessage().contains("1000") && e.getMessage().contains("2000"), e.getMessage());
  }

  @Test
  void bindWithoutCallbackThrowsIllegalState() {
    long loopsBefore = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("pulse-loop-")).count();
    assertThrows(IllegalStateException.class, () -> PulseServer.builder().bind("127.0.0.1", 0).close());
    long loopsAfter = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("pulse-loop-")).count();
    assertEquals(loopsBefore, loopsAfter, "a server that failed to start left loop threads");
  }
}

package io.pulse.reliability;

import io.pulse.testing.fuzz.FuzzReport;
import io.pulse.testing.fuzz.FuzzTarget;
import io.pulse.testing.fuzz.Fuzzer;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every codec survives seeded mutation fuzzing at codec level (see {@link Fuzzer} for the checks). CI: 10,000
 * inputs a codec (80,000 in all, a few seconds); full mode: 10⁶ a codec (8 million in all). Another seed:
 * {@code -Dpulse.fuzz.seed=N}.
 */
@Tag("reliability")
class CodecFuzzTest {
  private static final Logger log = LoggerFactory.getLogger(CodecFuzzTest.class);
  static final long INPUTS = Scale.pick(10_000L, 1_000_000L);
  static final long SEED = Long.getLong("pulse.fuzz.seed", 20261125L);

  static Stream<FuzzTarget> targets() {
    return CodecTargets.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void mutatedFramesRaiseOnlyTheCodecsOwnErrors(FuzzTarget target) {
    long start = System.nanoTime();
    FuzzReport report = Fuzzer.run(target, SEED, INPUTS);
    log.info("{} in {} ms", report, (System.nanoTime() - start) / 1_000_000);
    report.assertClean();
  }
}

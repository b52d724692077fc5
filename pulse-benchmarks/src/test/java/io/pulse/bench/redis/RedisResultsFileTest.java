package io.pulse.bench.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redis benchmark adds or replaces only its own section of results/latest.md. */
class RedisResultsFileTest {
  @TempDir Path dir;

  @Test
  void appendsItsSectionAndLeavesTheGridAlone() throws Exception {
    Path f = dir.resolve("latest.md");
    Files.writeString(f, "# Pulse benchmarks\n\n| grid |\n");
    RedisCommand.append(f, RedisCommand.HEADING + "\n\nfirst\n");
    assertEquals("# Pulse benchmarks\n\n| grid |\n\n" + RedisCommand.HEADING + "\n\nfirst\n", Files.readString(f));
  }

  @Test
  void aRerunReplacesOnlyItsOwnSection() throws Exception {
    Path f = dir.resolve("latest.md");
    Files.writeString(f, "# Top\n\n" + RedisCommand.HEADING + "\n\nold figures\n\n## Later section\n\nkept\n");
    RedisCommand.append(f, RedisCommand.HEADING + "\n\nnew figures\n");
    assertEquals("# Top\n\n" + RedisCommand.HEADING + "\n\nnew figures\n\n## Later section\n\nkept\n", Files.readString(f));
  }

  @Test
  void createsTheFileWhenMissing() throws Exception {
    Path f = dir.resolve("sub").resolve("latest.md");
    RedisCommand.append(f, RedisCommand.HEADING + "\n\nx\n");
    assertEquals(RedisCommand.HEADING + "\n\nx\n", Files.readString(f));
  }
}

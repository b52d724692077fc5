package io.pulse.bench.e2e;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds the C epoll echo server (the floor column) with {@code cc -O2} when a compiler is there. */
final class CFloor {
  private CFloor() {}

  /** The built binary under {@code dir}, or null if there is no C compiler or the build failed. */
  static Path build(Path dir) {
    try {
      Path src = Files.createTempFile("pulse-epoll-echo", ".c");
      try (InputStream in = CFloor.class.getResourceAsStream("/epoll_echo.c")) {
        if (in == null) return null;
        Files.write(src, in.readAllBytes());
      }
      Files.createDirectories(dir);
      Path bin = dir.resolve("epoll_echo");
      Process p = new ProcessBuilder("cc", "-O2", "-o", bin.toString(), src.toString())
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
      Files.deleteIfExists(src);
      return ok ? bin : null;
    } catch (Exception e) {
      return null; // no cc: the column is skipped
    }
  }
}

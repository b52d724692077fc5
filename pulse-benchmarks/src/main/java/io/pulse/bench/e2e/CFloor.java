package io.pulse.bench.e2e;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C floor servers with {@code cc -O2} when a compiler is there: {@code c-epoll} (epoll_echo.c) and
 * {@code c-iouring} (iouring_echo.c, raw io_uring syscalls over the kernel header, no liburing), the latter then
 * run once with {@code --probe} so a kernel without io_uring skips the column with its reason.
 */
final class CFloor {
  private CFloor() {}

  /** A built server, or why there is none. */
  record Binary(Path path, String whyNot) {
    static Binary none(String why) {
      return new Binary(null, why);
    }
  }

  /** Builds the C server {@code kind} (c-epoll or c-iouring) under {@code dir}. */
  static Binary build(Path dir, String kind) {
    String name = kind.equals("c-iouring") ? "iouring_echo" : "epoll_echo";
    try {
      Path src = Files.createTempFile("pulse-" + name, ".c");
      try (InputStream in = CFloor.class.getResourceAsStream("/" + name + ".c")) {
        if (in == null) return Binary.none(name + ".c is not on the class path");
        Files.write(src, in.readAllBytes());
      }
      Files.createDirectories(dir);
      Path bin = dir.resolve(name);
      bin.toFile().deleteOnExit();
      String[] out = new String[1];
      boolean ok = run(out, "cc", "-O2", "-o", bin.toString(), src.toString()) == 0;
      Files.deleteIfExists(src);
      if (!ok) return Binary.none("cc could not build " + name + ".c: " + firstLine(out[0]));
      if (kind.equals("c-iouring") && run(out, bin.toString(), "--probe") != 0) {
        return Binary.none("io_uring unavailable: " + firstLine(out[0]).replaceFirst("^FAILED ", ""));
      }
      return new Binary(bin, null);
    } catch (Exception e) {
      return Binary.none("no C compiler (cc): " + e.getMessage());
    }
  }

  private static int run(String[] out, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    out[0] = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return t.isEmpty() ? "(no output)" : nl < 0 ? t : t.substring(0, nl);
  }
}

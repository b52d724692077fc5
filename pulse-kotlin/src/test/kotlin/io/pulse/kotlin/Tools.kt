package io.pulse.kotlin

import io.pulse.testing.Requires
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Running outside programs for real-client tests (nc, curl, node with npm ws); [Requires] gates them. */
internal object Tools {
  val js: Path = Path.of("src", "test", "js").toAbsolutePath()
  private val wsModule: Path =
    Path.of("..", "pulse-core-java", "src", "test", "js", "node_modules", "ws").toAbsolutePath().normalize()

  /** The npm ws client (installed by `npm ci` in pulse-core-java/src/test/js) must be there; see [Requires]. */
  fun requireWs() {
    Requires.that(Files.isDirectory(wsModule), "npm package ws is not installed in ${wsModule.parent} (npm ci there)")
  }

  /** Runs [command] (stdin from [input]), waits at most [seconds], and returns its exit code and stdout. */
  fun run(seconds: Long, vararg command: String, input: ByteArray? = null): Pair<Int, String> {
    val p = ProcessBuilder(*command).redirectError(ProcessBuilder.Redirect.INHERIT).start()
    Thread {
      p.outputStream.use { out -> input?.let { out.write(it) } }
    }.apply { isDaemon = true; start() }
    val out = java.util.concurrent.CompletableFuture<String>()
    Thread { out.complete(String(p.inputStream.readAllBytes(), Charsets.UTF_8)) }.apply { isDaemon = true; start() }
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly()
      error("${command.toList()} did not finish within $seconds s")
    }
    return p.exitValue() to out.get(5, TimeUnit.SECONDS)
  }
}

package io.pulse.kotlin

import io.kotest.core.test.Enabled
import io.kotest.core.test.TestCase
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Outside programs for real-client tests (nc, curl, node with npm ws). A missing one skips the test with a reason,
 * except under CI (`CI` set), where the test runs and fails: CI installs them (see .ci/run).
 */
internal object Tools {
  private val ci = System.getenv("CI") != null
  val js: Path = Path.of("src", "test", "js").toAbsolutePath()
  private val wsModule: Path =
    Path.of("..", "pulse-core-java", "src", "test", "js", "node_modules", "ws").toAbsolutePath().normalize()

  /** A Kotest condition: enabled when every command is on the PATH (and npm ws is installed if [ws]). */
  fun need(vararg commands: String, ws: Boolean = false): (TestCase) -> Enabled = {
    val missing = commands.filterNot(::onPath) + listOfNotNull(if (ws && !Files.isDirectory(wsModule)) "npm ws ($wsModule)" else null)
    if (missing.isEmpty() || ci) Enabled.enabled else Enabled.disabled("missing ${missing.joinToString()}; skipped outside CI")
  }

  private fun onPath(command: String): Boolean =
    System.getenv("PATH").orEmpty().split(File.pathSeparator).any { Files.isExecutable(Path.of(it, command)) }

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

package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.pulse.testing.Await
import io.pulse.testing.Requires
import java.io.File
import java.lang.management.ManagementFactory
import java.net.Socket
import java.time.Duration
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import org.slf4j.LoggerFactory

/**
 * Idle connections of a `pulseServer { }` (one coroutine each, suspended on its inbound queue) cost at most 1 KiB
 * of heap each, the Java core's target. The clients live in a child JVM so this heap holds only the server side.
 */
class IdleMemoryTest : FunSpec({
  val log = LoggerFactory.getLogger(IdleMemoryTest::class.java)

  test("an idle connection and its suspended coroutine cost at most 1 KiB of heap") {
    val limit = openFileLimit()
    // The server and the child's clients hold n fds each (the JVM raises its soft limit to the hard one).
    Requires.that(limit >= 1_000, "the open-file limit is $limit, under the 1,000 this test needs (ulimit -Hn)")
    val n = minOf(3_000, limit - 500)
    val opened = AtomicInteger()
    // The top-level builder: inside a test, the scope-bound one would also copy the test framework's context
    // elements into every connection coroutine (~300 bytes each here), which is not the server's own cost.
    io.pulse.kotlin.pulseServer {
      onOpen { opened.incrementAndGet() }
      onData { conn, msg -> conn.send(msg) }
    }.use { server ->
      repeat(50) { // warm-up: classes, JIT, pools
        Socket("127.0.0.1", server.port).use { s ->
          s.soTimeout = 10_000
          s.getOutputStream().write(7)
          s.getInputStream().read() shouldBe 7
        }
      }
      Await.until({ server.server.connectionCount() == 0 }, Duration.ofSeconds(30)) { "warm-up connections not closed" }
      val before = heapAfterGc()
      val java = File(System.getProperty("java.home"), "bin/java").path
      val holder = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), IdleClients::class.java.name,
        server.port.toString(), n.toString()).redirectErrorStream(true).start()
      try {
        val line = holder.inputStream.bufferedReader().readLine()
        line shouldBe "holding $n"
        Await.until({ server.server.connectionCount() == n && opened.get() == 50 + n }, Duration.ofSeconds(30)) {
          "$n connections not open with their coroutines started: ${server.server.connectionCount()}, ${opened.get()}"
        }
        val after = heapAfterGc()
        val perConn = (after - before) / n
        log.info("{} idle Kotlin connections: {} bytes of heap each ({} -> {} KiB)", n, perConn, before / 1024,
          after / 1024)
        perConn shouldBeLessThanOrEqual 1024L
      } finally {
        holder.destroyForcibly()
        holder.waitFor(20, TimeUnit.SECONDS) shouldBe true
      }
    }
  }
})

private fun heapAfterGc(): Long {
  var least = Long.MAX_VALUE
  repeat(4) { // the lowest of a few full GCs
    System.gc()
    Thread.sleep(50)
    least = minOf(least, ManagementFactory.getMemoryMXBean().heapMemoryUsage.used)
  }
  return least
}

private fun openFileLimit(): Int =
  File("/proc/self/limits").takeIf { it.exists() }?.readLines()?.firstOrNull { it.startsWith("Max open files") }
    ?.split(Regex("\\s+"))?.get(3)?.toIntOrNull() ?: 1024


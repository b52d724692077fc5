package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.pulse.Transport
import java.net.Socket
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay

/** Suspending HTTP route handlers: answered in order, pipelining kept, failures become 500. */
class HttpDslTest : FunSpec({

  fun exchange(port: Int, requests: String, responses: Int): List<String> = Socket("127.0.0.1", port).use { s ->
    s.soTimeout = 10_000
    s.getOutputStream().write(requests.toByteArray())
    val input = s.getInputStream().bufferedReader()
    List(responses) {
      var length = 0
      var status = ""
      while (true) {
        val line = input.readLine() ?: error("closed early")
        if (status.isEmpty()) status = line
        if (line.startsWith("Content-Length:", ignoreCase = true)) length = line.substringAfter(':').trim().toInt()
        if (line.isEmpty()) break
      }
      val body = CharArray(length).also { var o = 0; while (o < length) o += input.read(it, o, length - o) }
      "$status ${String(body)}"
    }
  }

  for (t in listOf(Transport.EPOLL, Transport.NIO)) {
    for ((name, d) in listOf("loop" to null, "IO" to Dispatchers.IO)) {
      test("$t/$name: pipelined requests to suspending and plain routes are answered in order") {
        pulseServer {
          transport = t
          dispatcher = d
          http {
            get("/slow") { delay(100.milliseconds); ok("slow ${request.query()}") }
            get("/fast") { ok("fast") }
            get("/boom") { delay(1); error("boom") }
            get("/boom-at-once") { error("boom") }
          }
        }.use { server ->
          val req = { p: String -> "GET $p HTTP/1.1\r\nHost: x\r\n\r\n" }
          exchange(server.port, req("/slow?a=1") + req("/fast") + req("/slow?b=2") + req("/fast"), 4) shouldBe
            listOf("HTTP/1.1 200 OK slow a=1", "HTTP/1.1 200 OK fast", "HTTP/1.1 200 OK slow b=2", "HTTP/1.1 200 OK fast")
          exchange(server.port, req("/boom"), 1).single() shouldContain "500"
          exchange(server.port, req("/boom-at-once"), 1).single() shouldContain "500"
        }
      }
    }
  }
})

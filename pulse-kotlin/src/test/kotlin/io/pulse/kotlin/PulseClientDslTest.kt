package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.ConnectException
import java.net.ServerSocket
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class PulseClientDslTest : FunSpec({

  test("a coroutine client ping-pongs with a coroutine server") {
    val done = CompletableDeferred<String>()
    pulseServer { onData { conn, msg -> conn.send(msg) } }.use { server ->
      pulseClient {
        onData { _, msg -> done.complete(Charsets.UTF_8.decode(msg).toString()) }
      }.use { client ->
        runBlocking {
          val conn = client.connect("127.0.0.1", server.port)
          conn.send("hello")
          withTimeout(10.seconds) { done.await() } shouldBe "hello"
        }
      }
    }
  }

  test("a refused connect throws from connect") {
    val port = ServerSocket(0).use { it.localPort }
    pulseClient { }.use { client ->
      val r = runBlocking { runCatching { client.connect("127.0.0.1", port) } }
      (r.exceptionOrNull() is ConnectException) shouldBe true
    }
  }
})

package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.pulse.codec.LineCodec
import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.Socket
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class CodecDslTest : FunSpec({

  test("a codec in the DSL gives typed messages, and sendMessage encodes replies") {
    pulseServer(LineCodec(1024)) {
      dispatcher = Dispatchers.Default
      onData { conn, line -> conn.sendMessage(line.uppercase()) }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        s.soTimeout = 10_000
        s.getOutputStream().write("hello\nworld\n".toByteArray())
        val r = BufferedReader(InputStreamReader(s.getInputStream()))
        r.readLine() shouldBe "HELLO"
        r.readLine() shouldBe "WORLD"
      }
    }
  }

  test("a codec client talks to a codec server") {
    val got = CompletableDeferred<String>()
    pulseServer(LineCodec(1024)) { onData { conn, line -> conn.sendMessage("echo: $line") } }.use { server ->
      pulseClient(LineCodec(1024)) { onData { _, line -> got.complete(line) } }.use { client ->
        runBlocking {
          val conn = client.connect("127.0.0.1", server.port)
          conn.sendMessage("ping")
          withTimeout(10.seconds) { got.await() } shouldBe "echo: ping"
        }
      }
    }
  }
})

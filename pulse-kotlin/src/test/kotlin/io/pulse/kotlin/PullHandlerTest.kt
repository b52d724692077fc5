package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.Socket
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class PullHandlerTest : FunSpec({

  for ((name, d) in listOf("loop" to null, "Default" to Dispatchers.Default, "IO" to Dispatchers.IO)) {
    test("onConnection pulls messages on the $name dispatcher, and withTimeout around a read works") {
      val timedOut = CompletableDeferred<Boolean>()
      pulseServer {
        dispatcher = d
        onConnection { conn, incoming ->
          val first = incoming.first()                  // a read
          conn.send(first)
          try {
            withTimeout(200.milliseconds) { incoming.first() } // nothing comes: times out
            timedOut.complete(false)
          } catch (e: TimeoutCancellationException) {
            timedOut.complete(true)
          }
          conn.send(incoming.first())                   // the stream goes on after the timeout
        }
      }.use { server ->
        Socket("127.0.0.1", server.port).use { s ->
          s.soTimeout = 10_000
          s.getOutputStream().write('a'.code)
          s.getInputStream().read() shouldBe 'a'.code
          runBlocking { withTimeout(10.seconds) { timedOut.await() } } shouldBe true
          s.getOutputStream().write('b'.code)
          s.getInputStream().read() shouldBe 'b'.code
          s.getInputStream().read() shouldBe -1 // the handler returned: the connection closed
        }
      }
    }
  }
})

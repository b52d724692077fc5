package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.pulse.ConnTimeoutException
import io.pulse.LoopSelector
import io.pulse.Transport
import java.io.IOException
import java.net.InetSocketAddress
import java.net.Socket
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** The Java builder's options through the DSL, with kotlin.time.Duration. */
class OptionsDslTest : FunSpec({

  for (t in listOf(Transport.EPOLL, Transport.NIO)) {
    test("$t: idleTimeout closes a silent connection with a ConnTimeoutException; heartbeat pings before it") {
      val err = CompletableDeferred<Throwable?>()
      pulseServer {
        transport = t
        idleTimeout = 600.milliseconds
        heartbeat(150.milliseconds) { conn -> conn.write("ping\n".toByteArray()) }
        onClose { _, e -> err.complete(e) }
      }.use { server ->
        Socket("127.0.0.1", server.port).use { s ->
          s.soTimeout = 10_000
          s.getInputStream().bufferedReader().readLine() shouldBe "ping"
          val e = runBlocking { withTimeout(10.seconds) { err.await() } }
          (e is ConnTimeoutException) shouldBe true
        }
      }
    }

    test("$t: maxConnections turns away the connection over the limit, counted in stats") {
      val opened = CountDownLatch(1)
      pulseServer {
        transport = t
        maxConnections = 1
        loopSelector = LoopSelector.leastConnections()
        keepAlive(30.seconds, 5.seconds, 3)
        receiveBufferSize = 64 * 1024
        maxPendingWriteBytes = 8L shl 20
        onOpen { opened.countDown() }
        onData { conn, msg -> conn.send(msg) }
      }.use { server ->
        Socket("127.0.0.1", server.port).use { first ->
          opened.await(10, TimeUnit.SECONDS) shouldBe true
          Socket("127.0.0.1", server.port).use { second ->
            second.soTimeout = 10_000
            second.getInputStream().read() shouldBe -1
          }
          first.soTimeout = 10_000
          first.getOutputStream().write(9)
          first.getInputStream().read() shouldBe 9
          server.stats.rejected() shouldBe 1L
          server.stats.open() shouldBe 1
        }
      }
    }

    test("$t: pauseReadingWhenUnwritable = false reads on while unwritable, until maxPendingWriteBytes closes") {
      val err = CompletableDeferred<Throwable?>()
      pulseServer {
        transport = t
        highWaterMark = 64 * 1024
        lowWaterMark = 16 * 1024
        pauseReadingWhenUnwritable = false
        maxPendingWriteBytes = 1L shl 20
        onData { conn, msg -> conn.write(msg) } // not send: it does not wait for writability
        onClose { _, e -> err.complete(e) }
      }.use { server ->
        Socket().use { s ->
          s.receiveBufferSize = 64 * 1024
          s.connect(InetSocketAddress("127.0.0.1", server.port))
          // The peer never reads; with the pause (the default) the server would stop reading at 64 KiB queued.
          thread(isDaemon = true) {
            runCatching { repeat(1024) { s.getOutputStream().write(ByteArray(64 * 1024)) } } // fails once closed
          }
          val e = runBlocking { withTimeout(20.seconds) { err.await() } }
          (e is IOException && e.message!!.contains("maxPendingWriteBytes")) shouldBe true
        }
      }
    }

    test("$t: a connection read deadline in kotlin.time closes a silent peer") {
      val err = CompletableDeferred<Throwable?>()
      pulseServer {
        transport = t
        onOpen { conn -> conn.readDeadline(200.milliseconds) }
        onClose { _, e -> err.complete(e) }
      }.use { server ->
        Socket("127.0.0.1", server.port).use { s ->
          s.soTimeout = 10_000
          s.getInputStream().read() shouldBe -1
          (runBlocking { withTimeout(10.seconds) { err.await() } } is ConnTimeoutException) shouldBe true
        }
      }
    }
  }
})

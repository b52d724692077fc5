package io.pulse.kotlin

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.pulse.Transport
import java.io.File
import java.net.Socket
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class StructuredConcurrencyTest : FunSpec({

  fun fds() = File("/proc/self/fd").list()?.size ?: 0
  fun pulseThreads() = Thread.getAllStackTraces().keys.count { it.isAlive && it.name.startsWith("pulse-") }

  for (t in listOf(Transport.EPOLL, Transport.NIO)) {
    test("$t: a handler exception closes only its connection, with that cause") {
      val cause = CompletableDeferred<Throwable?>()
      pulseServer {
        transport = t
        onData { conn, msg ->
          if (msg.get(0) == 'x'.code.toByte()) throw IllegalStateException("boom")
          conn.send(msg)
        }
        onClose { _, err -> if (err != null) cause.complete(err) }
      }.use { server ->
        Socket("127.0.0.1", server.port).use { good ->
          Socket("127.0.0.1", server.port).use { bad ->
            good.soTimeout = 10_000
            bad.soTimeout = 10_000
            bad.getOutputStream().write('x'.code)
            bad.getInputStream().read() shouldBe -1
            val err = runBlocking { withTimeout(10.seconds) { cause.await() } }
            err!!.message shouldContain "boom"
            good.getOutputStream().write('y'.code)
            good.getInputStream().read() shouldBe 'y'.code
          }
        }
      }
    }

    test("$t: a peer reset cancels the connection's coroutine with the close cause") {
      val cancelledWith = CompletableDeferred<Throwable?>()
      val started = CountDownLatch(1)
      pulseServer {
        transport = t
        onOpen {
          started.countDown()
          try {
            awaitCancellation()
          } catch (e: kotlinx.coroutines.CancellationException) {
            cancelledWith.complete(e.cause)
            throw e
          }
        }
      }.use { server ->
        val s = Socket("127.0.0.1", server.port)
        started.await(10, TimeUnit.SECONDS) shouldBe true
        s.setSoLinger(true, 0)
        s.close() // RST
        val cause = runBlocking { withTimeout(10.seconds) { cancelledWith.await() } }
        val chain = generateSequence(cause) { it.cause }.toList()
        withClue("cause chain: $chain") { chain.any { it is java.io.IOException } shouldBe true }
      }
    }
  }

  test("cancelling the parent scope closes every connection and leaves no threads or fds") {
    runBlocking { pulseServer { }.close() } // warm up class loading and JNA
    val fdsBefore = fds()
    val parent = Job()
    val closed = CountDownLatch(3)
    val server = pulseServer(parent) {
      onData { conn, msg -> conn.send(msg) }
      onClose { _, _ -> closed.countDown() }
    }
    val clients = List(3) { Socket("127.0.0.1", server.port).apply { soTimeout = 10_000 } }
    clients.forEach { it.getOutputStream().write(1); it.getInputStream().read() shouldBe 1 }
    parent.cancel()
    runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
    closed.await(10, TimeUnit.SECONDS) shouldBe true
    clients.forEach { it.getInputStream().read() shouldBe -1; it.close() }
    val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
    while ((pulseThreads() > 0 || fds() > fdsBefore) && System.nanoTime() < deadline) Thread.sleep(20)
    pulseThreads() shouldBe 0
    (fds() <= fdsBefore) shouldBe true
  }
})

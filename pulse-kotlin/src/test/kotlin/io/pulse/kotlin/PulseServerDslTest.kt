package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import io.pulse.Transport
import java.io.DataInputStream
import java.net.Socket
import java.nio.ByteBuffer
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class PulseServerDslTest : FunSpec({

  for (t in listOf(Transport.EPOLL, Transport.NIO)) {
    test("$t: a suspend onData echoes in order on the connection's loop") {
      val threads = Collections.synchronizedSet(mutableSetOf<String>())
      pulseServer {
        transport = t
        loops = 1
        onData { conn, msg ->
          threads += Thread.currentThread().name
          delay(1) // suspends without blocking the loop
          conn.send(msg)
        }
      }.use { server ->
        Socket("127.0.0.1", server.port).use { s ->
          val out = s.getOutputStream()
          val payload = ByteArray(50_000) { (it % 251).toByte() }
          val writer = Thread { out.write(payload); s.shutdownOutput() }.apply { start() }
          s.soTimeout = 10_000
          val got = s.getInputStream().readAllBytes()
          writer.join(10_000)
          got.size shouldBe payload.size
          got.contentEquals(payload) shouldBe true
        }
        threads.forEach { it shouldStartWith "pulse-loop-" }
      }
    }
  }

  test("handlers run on a chosen dispatcher, and onOpen, onData, onClose come in that order") {
    val events = Collections.synchronizedList(mutableListOf<String>())
    val closed = CountDownLatch(1)
    pulseServer {
      dispatcher = Dispatchers.Default
      onOpen { events += "open" }
      onData { _, msg -> events += "data:${Charsets.UTF_8.decode(msg)}" }
      onClose { _, err ->
        events += "close:$err"
        closed.countDown()
      }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        s.getOutputStream().write("x".toByteArray())
        s.getOutputStream().flush()
      }
      closed.await(10, TimeUnit.SECONDS) shouldBe true
      events shouldContainExactly listOf("open", "data:x", "close:null")
    }
  }

  test("a slow handler pauses reading, and everything still arrives in order") {
    val received = CompletableDeferred<Long>()
    var total = 0L
    var expected = 0
    var ordered = true
    pulseServer {
      inboundCapacity = 4
      readBufferSize = 1024
      onData { _, msg ->
        delay(1)
        while (msg.hasRemaining()) {
          if (msg.get() != (expected % 251).toByte()) ordered = false
          expected++
          total++
        }
        if (total == 4L shl 20) received.complete(total)
      }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        val out = s.getOutputStream()
        val chunk = ByteArray(64 * 1024)
        var off = 0L
        while (off < (4L shl 20)) {
          for (i in chunk.indices) chunk[i] = ((off + i) % 251).toByte()
          out.write(chunk)
          off += chunk.size
        }
        runBlocking { withTimeout(20.seconds) { received.await() } } shouldBe (4L shl 20)
        ordered shouldBe true
      }
    }
  }

  test("send suspends while the peer does not read, and resumes when it does") {
    val sent = CompletableDeferred<Long>()
    val total = 32L shl 20
    pulseServer {
      highWaterMark = 256 * 1024
      lowWaterMark = 64 * 1024
      onOpen { conn ->
        val block = ByteArray(64 * 1024)
        var n = 0L
        while (n < total) {
          conn.send(block)
          n += block.size
          // Never far above the high water mark: send waited instead of queueing everything.
          check(conn.pendingWriteBytes() <= 256 * 1024 + block.size) { "pending ${conn.pendingWriteBytes()}" }
        }
        sent.complete(n)
      }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        Thread.sleep(300) // the peer deliberately reads nothing for a while
        sent.isCompleted shouldBe false
        val input = DataInputStream(s.getInputStream())
        val buf = ByteArray(64 * 1024)
        var read = 0L
        while (read < total) read += input.read(buf).also { check(it > 0) }
        runBlocking { withTimeout(10.seconds) { sent.await() } } shouldBe total
      }
    }
  }

  test("cancelling the parent job closes the server") {
    val parent = Job()
    val server = pulseServer(parent) { onData { conn, msg -> conn.send(msg) } }
    val port = server.port
    parent.cancel()
    runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
    server.server.connectionCount() shouldBe 0
    val refused = runCatching { Socket("127.0.0.1", port).close() }
    refused.isFailure shouldBe true
  }

  test("withTimeout around a pulled read works and closes only that connection") {
    val closedWith = CompletableDeferred<Throwable?>()
    pulseServer {
      onOpen { conn ->
        withTimeout(200) { delay(10_000) } // a handler's own timeout, surfacing as its failure
      }
      onClose { _, err -> closedWith.complete(err) }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        s.soTimeout = 10_000
        s.getInputStream().read() shouldBe -1 // the server closed it
      }
      val err = runBlocking { withTimeout(10.seconds) { closedWith.await() } }
      (err is kotlinx.coroutines.TimeoutCancellationException) shouldBe true
    }
  }

  test("onClose comes once what was queued went out, and says so when it could not") {
    val handlerReturned = CompletableDeferred<Unit>()
    val closedWith = CompletableDeferred<Throwable?>()
    pulseServer {
      onConnection { conn, _ ->
        conn.write(ByteArray(16 shl 20)) // queued beyond what the socket takes: the close waits for the peer
        handlerReturned.complete(Unit)
      }
      onClose { _, err -> closedWith.complete(err) }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        runBlocking { withTimeout(10.seconds) { handlerReturned.await() } }
        closedWith.isCompleted shouldBe false // still sending
        s.setSoLinger(true, 0) // the peer resets instead of reading
      }
      val err = runBlocking { withTimeout(10.seconds) { closedWith.await() } }
      (err is java.io.IOException) shouldBe true
    }
  }

  test("closing the server does not wait for a peer that reads nothing of what was queued") {
    val handlerReturned = CompletableDeferred<Unit>()
    val closedWith = CompletableDeferred<Throwable?>()
    val server = pulseServer {
      onConnection { conn, _ ->
        conn.write(ByteArray(16 shl 20))
        handlerReturned.complete(Unit)
      }
      onClose { _, err -> closedWith.complete(err) }
    }
    Socket("127.0.0.1", server.port).use {
      runBlocking { withTimeout(10.seconds) { handlerReturned.await() } }
      val started = System.nanoTime()
      server.close()
      runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
      // The connection's coroutine waited for the close report; the server's close cut that wait short (it used to
      // wait for the coroutines for 10 s before closing the connections).
      (System.nanoTime() - started) shouldBeLessThan 5_000_000_000L
      // What was queued is dropped with the connection: onClose says it was cut short, not that all went out.
      val err = runBlocking { withTimeout(1.seconds) { closedWith.await() } }
      (err is kotlinx.coroutines.CancellationException) shouldBe true
    }
  }

  test("shutdownGracefully drains and closes") {
    val server = pulseServer { onData { conn, msg -> conn.send(msg) } }
    Socket("127.0.0.1", server.port).use { s ->
      s.getOutputStream().write(byteArrayOf(1, 2, 3))
      s.getInputStream().readNBytes(3).toList() shouldBe listOf<Byte>(1, 2, 3)
      runBlocking { server.shutdownGracefully(5.seconds) } shouldBe true
      s.getInputStream().read() shouldBe -1
    }
  }
})

private fun ByteBuffer.bytes(): ByteArray = ByteArray(remaining()).also { get(it) }

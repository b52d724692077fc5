package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.pulse.Transport
import java.io.DataOutputStream
import java.net.Socket
import java.security.MessageDigest
import java.util.HexFormat
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

class ByteReaderTest : FunSpec({

  for (t in listOf(Transport.EPOLL, Transport.NIO)) {
    test("$t: lines, ints, longs and exact reads arrive whole from one-byte-at-a-time input") {
      pulseServer {
        transport = t
        onStream { conn, input ->
          val a = input.readLine(100)
          val b = input.readLine(100)
          val i = input.readInt()
          val l = input.readLong()
          val x = input.readExactly(5).toString(Charsets.UTF_8)
          val rest = input.readLine(100)
          val end = input.readLine(100)
          conn.send("$a|$b|$i|$l|$x|$rest|$end\n")
        }
      }.use { server ->
        Socket("127.0.0.1", server.port).use { s ->
          s.tcpNoDelay = true
          s.soTimeout = 10_000
          val bytes = java.io.ByteArrayOutputStream().also { bo ->
            DataOutputStream(bo).apply {
              write("héllo\r\nworld\n".toByteArray())
              writeInt(-123456789)
              writeLong(Long.MIN_VALUE + 42)
              write("exact".toByteArray())
              write("no newline at the end".toByteArray())
            }
          }.toByteArray()
          val out = s.getOutputStream()
          for (byte in bytes) {
            out.write(byte.toInt())
            out.flush()
          }
          s.shutdownOutput()
          val reply = s.getInputStream().bufferedReader().readLine()
          reply shouldBe "héllo|world|-123456789|${Long.MIN_VALUE + 42}|exact|no newline at the end|null"
        }
      }
    }

    test("$t: a slow reader pauses reading and loses nothing (4 MiB, SHA-256)") {
      val capacity = 8
      val maxQueued = CompletableDeferred<Int>()
      pulseServer {
        transport = t
        inboundCapacity = capacity
        readBufferSize = 4096
        onStream { conn, input ->
          val digest = input.sizeAndDigest(ByteArray(1000)) { reads -> if (reads % 64 == 0) delay(1) } // far slower
          maxQueued.complete(ConnSession.of(conn)!!.maxQueued)
          conn.send("$digest\n")
        }
      }.use { server ->
        val data = Random(42).nextBytes(4 shl 20)
        sendAndCheckDigest(server.port, data) { it.write(data) }
        // Reading paused at the capacity: at most one wake-up's reads more were queued.
        runBlocking { maxQueued.await() } shouldBeLessThanOrEqual capacity + 16
      }
    }

    test("$t: on a dispatcher of its own, the reader gets every byte once and in order (4 MiB, SHA-256)") {
      // The loop produces on its thread and the reader consumes on Default's: the hand-over between threads is what
      // runs here. (The race that once resumed a reader on two threads at once is too rare to show in one run:
      // WaitSlotTest replays it step by step.)
      pulseServer {
        transport = t
        dispatcher = Dispatchers.Default
        readBufferSize = 4096
        onStream { conn, input -> conn.send("${input.sizeAndDigest(ByteArray(1500))}\n") }
      }.use { server ->
        val data = Random(7).nextBytes(4 shl 20)
        sendAndCheckDigest(server.port, data) { out ->
          var off = 0
          while (off < data.size) { // uneven writes: many small messages, waits and wake-ups in between
            val n = minOf(data.size - off, 1 + (off * 31 + 7) % 3000)
            out.write(data, off, n)
            off += n
          }
        }
      }
    }
  }

  test("a line longer than its limit closes the connection with an error saying so") {
    val err = CompletableDeferred<Throwable?>()
    pulseServer {
      onStream { _, input -> input.readLine(16) }
      onClose { _, e -> err.complete(e) }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        s.soTimeout = 10_000
        s.getOutputStream().write(ByteArray(100) { 'a'.code.toByte() })
        s.getInputStream().read() shouldBe -1
      }
      runBlocking { withTimeout(10.seconds) { err.await() } }!!.message shouldContain "line longer than 16 bytes"
    }
  }

  test("readExactly at the end of the stream fails with EOFException") {
    val err = CompletableDeferred<Throwable?>()
    pulseServer {
      onStream { _, input -> input.readExactly(10) }
      onClose { _, e -> err.complete(e) }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        s.getOutputStream().write(byteArrayOf(1, 2, 3))
        s.shutdownOutput()
        s.soTimeout = 10_000
        s.getInputStream().read() shouldBe -1
      }
      val e = runBlocking { withTimeout(10.seconds) { err.await() } }
      (e is java.io.EOFException) shouldBe true
      e!!.message shouldContain "after 3 of 10 bytes"
    }
  }

  test("a second collector of incoming fails loudly while the first is active") {
    val second = CompletableDeferred<Throwable?>()
    pulseServer {
      onConnection { conn, incoming ->
        coroutineScope {
          val first = launch { incoming.collect { conn.send(it) } }
          yield()
          delay(50)
          second.complete(runCatching { incoming.first() }.exceptionOrNull())
          first.cancel()
        }
      }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        val e = runBlocking { withTimeout(10.seconds) { second.await() } }
        (e is IllegalStateException) shouldBe true
        e!!.message shouldContain "already being collected"
        s.soTimeout = 10_000
        s.getInputStream().read() shouldBe -1 // the handler returned: closed
      }
    }
  }

  test("sequential collections of incoming continue the stream") {
    pulseServer {
      onConnection { conn, incoming ->
        conn.send(incoming.first())
        conn.send(incoming.first())
      }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { s ->
        s.soTimeout = 10_000
        s.getOutputStream().write(1)
        s.getInputStream().read() shouldBe 1
        s.getOutputStream().write(2)
        s.getInputStream().read() shouldBe 2
        s.getInputStream().read() shouldBe -1
      }
    }
  }
})

/** Reads to the end of stream into [buf], calling [pace] after each read; returns "size sha256-hex". */
private suspend fun ByteReader.sizeAndDigest(buf: ByteArray, pace: suspend (reads: Int) -> Unit = {}): String {
  val sha = MessageDigest.getInstance("SHA-256")
  var total = 0L
  var reads = 0
  while (true) {
    val n = readAvailable(buf)
    if (n < 0) break
    sha.update(buf, 0, n)
    total += n
    pace(++reads)
  }
  return "$total ${HexFormat.of().formatHex(sha.digest())}"
}

/** Sends [data] to [port] through [write] on a thread of its own, half-closes, and checks the "size sha256" reply. */
private fun sendAndCheckDigest(port: Int, data: ByteArray, write: (java.io.OutputStream) -> Unit) {
  Socket("127.0.0.1", port).use { s ->
    s.soTimeout = 20_000
    val writer = Thread {
      write(s.getOutputStream())
      s.shutdownOutput()
    }.apply { start() }
    val reply = s.getInputStream().bufferedReader().readLine()
    writer.join(20_000)
    reply shouldBe "${data.size} ${HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data))}"
  }
}

package io.pulse.kotlin

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.pulse.Conn
import io.pulse.Transport
import io.pulse.codec.LineCodec
import io.pulse.testing.Await
import java.io.InputStream
import java.net.InetSocketAddress
import java.net.Socket
import java.security.MessageDigest
import java.time.Duration
import java.util.Collections
import java.util.IdentityHashMap
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class LentReadsTest : FunSpec({

  for (t in listOf(Transport.EPOLL, Transport.NIO)) {
    test("$t: lent reads echo 4 MiB from four connections on one loop intact (SHA-256)") {
      pulseServer {
        transport = t
        loops = 1
        lendReads = true
        onData { conn, msg -> conn.send(msg) }
      }.use { server ->
        val sent = (1..4).map { Random(it).nextBytes(1 shl 20) }
        val echoes = sent.map { data -> CompletableFuture.supplyAsync { echo(server.port, data) } }
        for ((data, echo) in sent.zip(echoes)) sha256(echo.get(20, TimeUnit.SECONDS)) shouldBe sha256(data)
      }
    }

    test("$t: a handler suspended holding its message gets it unchanged while the loop reads others") {
      val aHolding = CompletableDeferred<Unit>()
      val bHandled = CompletableDeferred<Unit>()
      val connA = CompletableDeferred<Conn>()
      pulseServer {
        transport = t
        loops = 1 // both connections read through the same loop, into the same lent buffer if it were reused
        lendReads = true
        onData { conn, msg ->
          when (msg.get(msg.position()).toInt().toChar()) {
            'A' -> {
              connA.complete(conn)
              aHolding.complete(Unit)
              bHandled.await() // suspended holding the first A message
            }
            'B' -> bHandled.complete(Unit)
          }
          conn.send(msg)
        }
      }.use { server ->
        Socket("127.0.0.1", server.port).use { a ->
          Socket("127.0.0.1", server.port).use { b ->
            a.soTimeout = 10_000
            b.soTimeout = 10_000
            val a1 = "A" + "1".repeat(99)
            val a2 = "A" + "2".repeat(99)
            a.getOutputStream().write(a1.toByteArray())
            runBlocking { withTimeout(10_000) { aHolding.await() } }
            // A second A message waits in the queue behind the held one, in a buffer of its own.
            a.getOutputStream().write(a2.toByteArray())
            val session = ConnSession.of(runBlocking { connA.await() })!!
            Await.until({ session.queuedCount == 2 }, Duration.ofSeconds(10)) { "the second A message never queued" }
            b.getOutputStream().write(("B" + "b".repeat(99)).toByteArray())
            String(b.getInputStream().readNBytes(100)) shouldBe "B" + "b".repeat(99)
            String(a.getInputStream().readNBytes(200)) shouldBe a1 + a2
          }
        }
      }
    }

    test("$t: a send that waits for a slow peer keeps its lent message (4 MiB, SHA-256)") {
      val waits = AtomicInteger()
      val unwritable = CompletableFuture<Unit>()
      pulseServer {
        transport = t
        loops = 1
        lendReads = true
        highWaterMark = 2048
        lowWaterMark = 1024
        sendBufferSize = 4096
        pauseReadingWhenUnwritable = false // else no read arrives while a send would wait
        onData { conn, msg ->
          if (!conn.isWritable) { // this send suspends before it writes msg
            waits.incrementAndGet()
            unwritable.complete(Unit)
          }
          conn.send(msg)
        }
      }.use { server ->
        val sent = (1..2).map { Random(10 + it).nextBytes(2 shl 20) }
        // The peers read nothing until a send had to wait: their echoes fill the buffers first.
        val echoes = sent.map { data -> CompletableFuture.supplyAsync { echo(server.port, data, unwritable) } }
        for ((data, echo) in sent.zip(echoes)) sha256(echo.get(25, TimeUnit.SECONDS)) shouldBe sha256(data)
        waits.get() shouldBeGreaterThan 0
      }
    }

    test("$t: reads that keep up share one lent buffer; without lendReads each is a copy of its own") {
      for (lend in listOf(true, false)) {
        val buffers = Collections.newSetFromMap(IdentityHashMap<ByteArray, Boolean>())
        pulseServer {
          transport = t
          lendReads = lend
          onData { conn, msg ->
            buffers.add(msg.array())
            conn.send(msg)
          }
        }.use { server ->
          Socket("127.0.0.1", server.port).use { s ->
            s.tcpNoDelay = true
            s.soTimeout = 10_000
            repeat(50) { i -> // one at a time: each handled before the next is sent
              val m = "ping $i".toByteArray()
              s.getOutputStream().write(m)
              String(s.getInputStream().readNBytes(m.size)) shouldBe "ping $i"
            }
          }
        }
        buffers.size shouldBe if (lend) 1 else 50
      }
    }
  }

  test("off the loop, lent reads are copied: messages stay whole") {
    val buffers = Collections.synchronizedSet(Collections.newSetFromMap(IdentityHashMap<ByteArray, Boolean>()))
    pulseServer {
      loops = 1
      lendReads = true
      dispatcher = Dispatchers.Default
      onData { conn, msg ->
        buffers.add(msg.array())
        conn.send(msg)
      }
    }.use { server ->
      val sent = (1..4).map { Random(20 + it).nextBytes(256 shl 10) }
      val echoes = sent.map { data -> CompletableFuture.supplyAsync { echo(server.port, data) } }
      for ((data, echo) in sent.zip(echoes)) sha256(echo.get(20, TimeUnit.SECONDS)) shouldBe sha256(data)
    }
    buffers.size shouldBeGreaterThan 4
  }

  test("lendReads without onData, or with a codec, fails when the server is built") {
    shouldThrow<IllegalArgumentException> {
      pulseServer {
        lendReads = true
        onStream { _, _ -> }
      }.close()
    }.message shouldContain "lendReads"
    shouldThrow<IllegalArgumentException> {
      pulseServer(LineCodec(1024)) {
        lendReads = true
        onData { _, _ -> }
      }.close()
    }.message shouldContain "lendReads"
  }
})

/**
 * Writes [data] from a thread of its own and half-closes; reads, once [readAfter] completed, every byte sent back until
 * the end of stream.
 */
private fun echo(port: Int, data: ByteArray, readAfter: CompletableFuture<*>? = null): ByteArray =
  Socket().use { s ->
    s.connect(InetSocketAddress("127.0.0.1", port), 10_000)
    s.soTimeout = 20_000
    val writer = Thread {
      s.getOutputStream().write(data)
      s.shutdownOutput()
    }.apply { start() }
    readAfter?.get(20, TimeUnit.SECONDS)
    val received = s.getInputStream().use(InputStream::readAllBytes)
    writer.join(20_000)
    received
  }

private fun sha256(bytes: ByteArray): String =
  java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))


package io.pulse.kotlin

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.pulse.Conn
import io.pulse.Transport
import java.net.BindException
import java.net.Socket
import java.nio.ByteBuffer
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CopyableThreadContextElement
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.yield
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.withTimeout

class ScopedServerTest : FunSpec({

  fun echoOnce(port: Int) = Socket("127.0.0.1", port).use { s ->
    s.soTimeout = 10_000
    s.getOutputStream().write(1)
    s.getInputStream().read() shouldBe 1
  }

  for (t in listOf(Transport.EPOLL, Transport.NIO)) {
    test("$t: cancelling the scope that started the server closes it and its connections before the scope ends") {
      val serverRef = CompletableDeferred<PulseKServer>()
      val closed = CountDownLatch(1)
      runBlocking {
        val owner = launch(Dispatchers.Default) {
          val server = pulseServer {
            transport = t
            onData { conn, msg -> conn.send(msg) }
            onClose { _, _ -> closed.countDown() }
          }
          server.job.isActive shouldBe true
          serverRef.complete(server)
          awaitCancellation()
        }
        val server = serverRef.await()
        val client = Socket("127.0.0.1", server.port).apply { soTimeout = 10_000 }
        client.getOutputStream().write(7)
        client.getInputStream().read() shouldBe 7
        withTimeout(10.seconds) {
          owner.cancel()
          owner.join() // the server's job is a child: the owner ends only once the server is closed
        }
        server.job.isCompleted shouldBe true
        closed.await(0, TimeUnit.SECONDS) shouldBe true
        client.getInputStream().read() shouldBe -1
        client.close()
        shouldThrow<java.io.IOException> { Socket("127.0.0.1", server.port).close() }
      }
    }

    test("$t: close from a handler on the loop returns promptly and the server still closes") {
      val returnedIn = CompletableDeferred<Long>()
      val serverRef = CompletableDeferred<PulseKServer>()
      val server = pulseServer {
        transport = t
        onData { _, _ ->
          val t0 = System.nanoTime()
          serverRef.await().close()
          returnedIn.complete(System.nanoTime() - t0)
        }
      }
      serverRef.complete(server)
      Socket("127.0.0.1", server.port).use { s ->
        s.soTimeout = 10_000
        s.getOutputStream().write(1)
        runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
        returnedIn.await() shouldBeLessThan TimeUnit.MILLISECONDS.toNanos(200)
        s.getInputStream().read() shouldBe -1
      }
    }

    test("$t: the Java server.close() ends awaitClosed and every connection coroutine") {
      val connJob = CompletableDeferred<Job>()
      val server = pulseServer {
        transport = t
        onOpen { conn -> connJob.complete(conn.job) }
      }
      Socket("127.0.0.1", server.port).use {
        val job = runBlocking { withTimeout(10.seconds) { connJob.await() } }
        server.server.close()
        runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
        job.isCompleted shouldBe true
        server.job.isCompleted shouldBe true
      }
    }
  }

  test("cancelling the parent returns at once even while onClose handlers still run; the close runs elsewhere") {
    val parent = Job()
    val inOnClose = CountDownLatch(1)
    val server = standaloneServer(parent) {
      onClose { _, _ ->
        inOnClose.countDown()
        delay(500) // slow cleanup: must not hold the cancelling thread
      }
    }
    val s = Socket("127.0.0.1", server.port)
    runBlocking { withTimeout(10.seconds) { while (server.server.connectionCount() == 0) delay(5) } }
    val t0 = System.nanoTime()
    parent.cancel()
    (System.nanoTime() - t0) shouldBeLessThan TimeUnit.MILLISECONDS.toNanos(200)
    inOnClose.await(10, TimeUnit.SECONDS) shouldBe true
    server.job.isCompleted shouldBe false // still in onClose's delay
    runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
    s.close()
  }

  test("a connection accepted while the server is being cancelled still gets onOpen, then onClose") {
    val parent = Job()
    val firstEntered = CountDownLatch(1)
    val releaseFirst = CountDownLatch(1)
    val opened = java.util.concurrent.atomic.AtomicInteger()
    val closedConns = CountDownLatch(2)
    val server = standaloneServer(parent) {
      loops = 1 // one acceptor on one loop: the second connection is accepted right after the first's onOpen
      onOpen { _ ->
        if (opened.incrementAndGet() == 1) {
          firstEntered.countDown()
          releaseFirst.await(10, TimeUnit.SECONDS) // holds the loop (and its accepts) until the cancel began
        }
      }
      onClose { _, _ ->
        closedConns.countDown()
        delay(300) // keeps the connections' job from completing while the loop accepts the second one
      }
    }
    Socket("127.0.0.1", server.port).use { _ ->
      firstEntered.await(10, TimeUnit.SECONDS) shouldBe true
      Socket("127.0.0.1", server.port).use { _ -> // waits in the listen backlog behind the blocked loop
        parent.cancel()
        runBlocking { withTimeout(10.seconds) { while (!server.coroutineContext.job.isCancelled) delay(5) } }
        releaseFirst.countDown()
        closedConns.await(10, TimeUnit.SECONDS) shouldBe true
        opened.get() shouldBe 2
        runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
      }
    }
  }

  test("a dispatcher in the context runs the handlers; the loop is the default") {
    val pool = Executors.newSingleThreadExecutor { Thread(it, "my-handlers") }
    try {
      val seen = CompletableDeferred<String>()
      pulseServer(pool.asCoroutineDispatcher()) {
        onData { conn, msg ->
          seen.complete(Thread.currentThread().name)
          conn.send(msg)
        }
      }.use { echoOnce(it.port) }
      runBlocking { seen.await() } shouldStartWith "my-handlers"
      val loop = CompletableDeferred<String>()
      runBlocking {
        coroutineScope {
          pulseServer { onData { conn, msg -> loop.complete(Thread.currentThread().name); conn.send(msg) } }
            .use { echoOnce(it.port) }
        }
      }
      loop.await() shouldStartWith "pulse-loop-"
    } finally {
      pool.shutdown()
    }
  }

  test("the server context's elements reach the handlers on the loop") {
    val name = CompletableDeferred<String?>()
    standaloneServer(CoroutineName("game")) {
      onData { conn, msg ->
        name.complete(currentCoroutineContext()[CoroutineName]?.name)
        conn.send(msg)
      }
    }.use { echoOnce(it.port) }
    runBlocking { withTimeout(10.seconds) { name.await() } } shouldBe "game"
  }

  test("a thread-context element is applied on the loop from onOpen on, and taken off the thread after") {
    val local = ThreadLocal<String>()
    val readings = Readings()
    val server = standaloneServer(local.asContextElement("tenant-7")) { handlersReading(local, readings) }
    readings.afterOneEcho(server) shouldBe listOf("tenant-7", "tenant-7", "tenant-7", null)
  }

  test("an element copied for each child (as launch does) reaches every connection's handlers as its own copy") {
    val copies = java.util.concurrent.atomic.AtomicInteger()
    val readings = Readings()
    val server = standaloneServer(CopiedTenant("tenant-9", copies)) { handlersReading(tenant, readings) }
    val before = copies.get()
    readings.afterOneEcho(server) shouldBe listOf("tenant-9", "tenant-9", "tenant-9", null)
    copies.get() - before shouldBe 1 // one connection, one copy
  }

  test("close from a handler on a chosen dispatcher returns promptly") {
    val returnedIn = CompletableDeferred<Long>()
    val serverRef = CompletableDeferred<PulseKServer>()
    val server = pulseServer(Dispatchers.IO) {
      onData { _, _ ->
        val t0 = System.nanoTime()
        serverRef.await().close()
        returnedIn.complete(System.nanoTime() - t0)
      }
    }
    serverRef.complete(server)
    Socket("127.0.0.1", server.port).use { s ->
      s.getOutputStream().write(1)
      runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
      returnedIn.await() shouldBeLessThan TimeUnit.MILLISECONDS.toNanos(200)
    }
  }

  test("close from a coroutine launched in the server's own scope returns promptly") {
    val server = pulseServer { }
    val returnedIn = CompletableDeferred<Long>()
    server.launch {
      val t0 = System.nanoTime()
      server.close()
      returnedIn.complete(System.nanoTime() - t0)
    }
    runBlocking { withTimeout(10.seconds) { server.awaitClosed() } }
    returnedIn.await() shouldBeLessThan TimeUnit.MILLISECONDS.toNanos(200)
  }

  test("each connection has a job under the server's, and awaitClosed waits for its coroutine") {
    val connRef = CompletableDeferred<Conn>()
    val onCloseDone = CountDownLatch(1)
    standaloneServer(EmptyCoroutineContext) {
      onOpen { conn -> connRef.complete(conn) }
      onClose { _, _ -> delay(100); onCloseDone.countDown() }
    }.use { server ->
      val s = Socket("127.0.0.1", server.port)
      val conn = runBlocking { withTimeout(10.seconds) { connRef.await() } }
      val connJob = conn.job
      server.job.children.flatMap { it.children }.toList().contains(connJob) shouldBe true
      s.close()
      runBlocking { withTimeout(10.seconds) { conn.awaitClosed() } }
      onCloseDone.count shouldBe 0L
      connJob.isCompleted shouldBe true
    }
  }

  test("cancelling a connection's job closes only that connection, and it ends cancelled (not swallowed)") {
    val conns = mutableListOf<Conn>()
    val opened = CountDownLatch(2)
    standaloneServer(EmptyCoroutineContext) {
      onOpen { conn -> synchronized(conns) { conns += conn }; opened.countDown() }
      onData { conn, msg -> conn.send(msg) }
    }.use { server ->
      Socket("127.0.0.1", server.port).use { a ->
        Socket("127.0.0.1", server.port).use { b ->
          a.soTimeout = 10_000
          b.soTimeout = 10_000
          opened.await(10, TimeUnit.SECONDS) shouldBe true
          val target = synchronized(conns) { conns.first { it.remoteAddress() == a.localSocketAddress } }
          val job = target.job
          job.cancel()
          runBlocking { withTimeout(10.seconds) { job.join() } }
          job.isCancelled shouldBe true
          a.getInputStream().read() shouldBe -1
          b.getOutputStream().write(5)
          b.getInputStream().read() shouldBe 5
        }
      }
    }
  }

  test("a server that cannot start fails its scope") {
    val taken = java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))
    taken.use {
      val err = runCatching {
        runBlocking { coroutineScope { pulseServer { reuseAddress = false; port = taken.localPort } } }
      }.exceptionOrNull()
      (err is BindException) shouldBe true
    }
  }

  test("conflicting handlers fail when the server is built") {
    val e = shouldThrow<IllegalArgumentException> {
      pulseServer {
        onData { _, _ -> }
        onConnection { _, _ -> }
      }
    }
    e.message shouldContain "onData, onConnection"
  }
})

/** A server built outside any coroutine, so its context holds only what the test gives it. */
private fun standaloneServer(context: CoroutineContext, block: ServerConfig<ByteBuffer>.() -> Unit): PulseKServer =
  pulseServer(context, block)

/**
 * Handlers that add [local]'s value to [readings] at onOpen, in onData before and after a suspension, and on the loop
 * once done.
 */
private fun ServerConfig<ByteBuffer>.handlersReading(local: ThreadLocal<String>, readings: Readings) {
  onOpen { readings.values.add(local.get()) }
  onData { conn, msg ->
    readings.values.add(local.get())
    conn.send(msg)
    yield() // resumed by the loop: the element is applied again
    readings.values.add(local.get())
    conn.executor().execute { // the loop itself, outside the coroutine
      readings.values.add(local.get())
      readings.done.countDown()
    }
  }
}

/** What [handlersReading] saw, and a latch for its last reading. */
private class Readings {
  val values: MutableList<String?> = java.util.Collections.synchronizedList(mutableListOf())
  val done = CountDownLatch(1)

  /** Echoes one byte through [server], closes it, and returns the readings. */
  fun afterOneEcho(server: PulseKServer): List<String?> {
    server.use {
      Socket("127.0.0.1", it.port).use { s ->
        s.soTimeout = 10_000
        s.getOutputStream().write(1)
        s.getInputStream().read() shouldBe 1
      }
      done.await(10, TimeUnit.SECONDS) shouldBe true
    }
    return values.toList()
  }
}

private val tenant = ThreadLocal<String>()

/** Sets [tenant] while its coroutine runs; every child gets a copy of its own (counted). */
@OptIn(ExperimentalCoroutinesApi::class, DelicateCoroutinesApi::class)
private class CopiedTenant(private val value: String, private val copies: java.util.concurrent.atomic.AtomicInteger) :
  CopyableThreadContextElement<String?> {
  companion object Key : CoroutineContext.Key<CopiedTenant>
  override val key: CoroutineContext.Key<CopiedTenant> get() = Key
  override fun updateThreadContext(context: CoroutineContext): String? = tenant.get().also { tenant.set(value) }
  override fun restoreThreadContext(context: CoroutineContext, oldState: String?) = tenant.set(oldState)
  override fun copyForChild(): CopyableThreadContextElement<String?> {
    copies.incrementAndGet()
    return CopiedTenant(value, copies)
  }
  override fun mergeForChild(overwritingElement: CoroutineContext.Element): CoroutineContext = overwritingElement
}

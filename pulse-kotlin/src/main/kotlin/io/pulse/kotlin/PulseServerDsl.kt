package io.pulse.kotlin

import io.pulse.ConnManager
import io.pulse.LoopSelector
import io.pulse.PulseServer
import io.pulse.Stats
import io.pulse.codec.Codec
import io.pulse.internal.server.ServerImpl
import java.io.IOException
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.file.Path
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.withContext

/** Settings of a [pulseServer]: the addresses, the Java builder's options, and the suspend handlers. */
@PulseDsl
public class ServerConfig<T : Any> internal constructor(codec: Codec<T>?) : HandlerConfig<T>(codec) {
  private val addresses = mutableListOf<SocketAddress>()

  /** The interface to bind (default 127.0.0.1); used with [port] unless [listen] was called. */
  public var host: String = "127.0.0.1"

  /** The TCP port to bind (default 0: a free one); used with [host] unless [listen] was called. */
  public var port: Int = 0

  /** One SO_REUSEPORT listener per loop (true) or one acceptor handing connections out (false, default). */
  public var reusePort: Boolean = false

  /** The listen backlog (default 1024). */
  public var backlog: Int = 1024

  /** At most this many open connections; beyond it new ones are accepted and closed (default null: no limit). */
  public var maxConnections: Int? = null

  /** How new connections are spread over the loops (default null: round robin). */
  public var loopSelector: LoopSelector? = null

  /** SO_REUSEADDR on TCP listeners (default true). */
  public var reuseAddress: Boolean = true

  internal var httpRoutes: HttpRoutes? = null

  /**
   * Serves HTTP/1.1 routes and WebSockets on this server instead of [onData] and the other stream handlers:
   * `http { get("/plaintext") { ok("Hello, World!") }; webSocket("/chat") { ws -> for (m in ws.incoming) ... } }`.
   */
  public fun http(block: HttpRoutes.() -> Unit) {
    httpRoutes = (httpRoutes ?: HttpRoutes()).apply(block)
  }

  override fun validate() {
    super.validate()
    if (httpRoutes != null) {
      require(codec == null) { "http cannot be combined with a codec" }
      require(data == null && connection == null && stream == null) {
        "http serves the connections itself: it cannot be combined with onData, onConnection or onStream"
      }
    }
  }

  /** Listens on [host]:[port] (port 0 picks a free one); with any `listen`, [ServerConfig.host]/`port` are unused. */
  public fun listen(host: String, port: Int) {
    addresses += InetSocketAddress(host, port)
  }

  /** Listens on a Unix domain socket at [path] (a stale socket file is replaced). */
  public fun listen(path: Path) {
    addresses += UnixDomainSocketAddress.of(path)
  }

  @Suppress("UNCHECKED_CAST")
  internal fun start(callback: io.pulse.Callback<T>): PulseServer {
    val b = applyTo(
      if (codec == null) PulseServer.builder() as PulseServer.Builder<T> else PulseServer.builder(codec),
    ).callback(callback).reusePort(reusePort).backlog(backlog).reuseAddress(reuseAddress)
    maxConnections?.let { b.maxConnections(it) }
    loopSelector?.let { b.loopSelector(it) }
    if (addresses.isEmpty()) return b.bind(host, port)
    addresses.forEach { b.listen(it) }
    return b.start()
  }
}

/**
 * A running server whose connections are coroutines under its [job]. Cancelling that job's parent, [close],
 * [shutdownGracefully] or the Java `server.close()` closes the server and everything it owns.
 */
public class PulseKServer internal constructor(
  /** The underlying Java server. */
  public val server: PulseServer,
  private val lifecycle: Lifecycle,
) : CoroutineScope, AutoCloseable {
  /** The server's scope: coroutines launched in it are cancelled when the server closes; Dispatchers.Default. */
  override val coroutineContext: CoroutineContext = lifecycle.connections + Dispatchers.Default + lifecycle.marker

  /** The server's job, a child of the caller's: active while it runs, complete once it is closed. */
  public val job: Job get() = lifecycle.job

  /** The first bound TCP port (-1 if it listens on Unix domain sockets only). */
  public val port: Int get() = server.port()

  /** The first bound TCP address (null if it listens on Unix domain sockets only). */
  public val localAddress: InetSocketAddress? get() = server.localAddress()

  /** Every bound address, in the order given. */
  public val localAddresses: List<SocketAddress> get() = server.localAddresses()

  /** Open connections, groups and broadcast. */
  public val conns: ConnManager get() = server.conns()

  /** A snapshot of the server's counters. */
  public val stats: Stats get() = server.stats()

  /** Runs [task] on one of the loops after [delay] (it must not block); the returned timer cancels it. */
  public fun runAfter(delay: Duration, task: () -> Unit): io.pulse.Timer = server.runAfter(delay.toJavaDuration(), task)

  /** Runs [task] on one of the loops every [period] until cancelled or the server closes. */
  public fun runEvery(period: Duration, task: () -> Unit): io.pulse.Timer =
    server.runEvery(period.toJavaDuration(), task)

  /** Suspends until the server is closed, however that happened, and every connection coroutine ended. */
  public suspend fun awaitClosed() {
    lifecycle.job.join()
  }

  /** Stops accepting, lets queued writes drain for up to [timeout], then closes; true if all drained. */
  public suspend fun shutdownGracefully(timeout: Duration): Boolean {
    val clean = withContext(Dispatchers.IO) { server.shutdownGracefully(timeout.toJavaDuration()) }
    lifecycle.startClose()
    lifecycle.job.join()
    return clean
  }

  /**
   * Closes at once: every connection, its coroutine and the loops. Returns once closed; called from one of this
   * server's loops or handlers it only starts the close and returns at once (use [awaitClosed] to wait).
   */
  override fun close() {
    lifecycle.close()
  }
}

/**
 * Starts a server bound to this scope: its [PulseKServer.job] is a child of the scope's job, so cancelling the scope
 * closes it, and a failing server fails the scope. Handlers run on [context]'s dispatcher if it has one (the scope's
 * own dispatcher is not inherited), else on each connection's event loop; see [HandlerConfig.dispatcher].
 */
@Throws(IOException::class)
public fun CoroutineScope.pulseServer(
  context: CoroutineContext = EmptyCoroutineContext,
  block: ServerConfig<ByteBuffer>.() -> Unit,
): PulseKServer = start(ServerConfig<ByteBuffer>(null).apply(block), scopeContext(context))

/** Starts a server bound to this scope whose connections speak [codec]; see the other `pulseServer`. */
@Throws(IOException::class)
public fun <T : Any> CoroutineScope.pulseServer(
  codec: Codec<T>,
  context: CoroutineContext = EmptyCoroutineContext,
  block: ServerConfig<T>.() -> Unit,
): PulseKServer = start(ServerConfig(codec).apply(block), scopeContext(context))

/**
 * Starts a server configured by [block]: `pulseServer { port = 9000; onData { conn, msg -> conn.send(msg) } }`.
 * Its job is a child of [context]'s job if any (else a root: close it yourself); handlers run on [context]'s
 * dispatcher if it has one, else on the event loops.
 */
@Throws(IOException::class)
public fun pulseServer(
  context: CoroutineContext = EmptyCoroutineContext,
  block: ServerConfig<ByteBuffer>.() -> Unit,
): PulseKServer = start(ServerConfig<ByteBuffer>(null).apply(block), context)

/**
 * Starts a server whose connections speak [codec]: `pulseServer(LineCodec(1024)) { onData { conn, line ->
 * conn.sendMessage(line.uppercase()) } }`.
 */
@Throws(IOException::class)
public fun <T : Any> pulseServer(
  codec: Codec<T>,
  context: CoroutineContext = EmptyCoroutineContext,
  block: ServerConfig<T>.() -> Unit,
): PulseKServer = start(ServerConfig(codec).apply(block), context)

/** The scope's context without its dispatcher, plus [context]. */
internal fun CoroutineScope.scopeContext(context: CoroutineContext): CoroutineContext =
  coroutineContext.minusKey(ContinuationInterceptor) + context

private fun <T : Any> start(config: ServerConfig<T>, context: CoroutineContext): PulseKServer {
  config.validate()
  val lifecycle = Lifecycle(context, "pulse-server")
  val server = try {
    val routes = config.httpRoutes
    @Suppress("UNCHECKED_CAST")
    val callback = if (routes == null) bridge(config, context, lifecycle) else {
      val handlers = handlerDispatcher(config, context)?.let { it + lifecycle.marker }
      val scope = CoroutineScope(connectionContext(context, lifecycle))
      val sockets = WebSocketBridge(scope, handlers, config.inboundCapacity)
      val requests = HttpRequests(scope, handlers)
      HttpBridge(routes.build(sockets, requests), sockets, requests) as io.pulse.Callback<T>
    }
    config.start(callback)
  } catch (e: Throwable) {
    lifecycle.startClose()
    throw e
  }
  lifecycle.opened(server)
  // The Java close() (from anywhere) ends the coroutines too, before the loops stop.
  val guest = AutoCloseable { lifecycle.javaClosing() }
  if ((server as? ServerImpl)?.addGuest(guest) == false) lifecycle.startClose() // closed already
  return PulseKServer(server, lifecycle)
}

/** The bridge callback whose connection coroutines are children of [lifecycle]'s job. */
internal fun <T : Any> bridge(config: HandlerConfig<T>, context: CoroutineContext, lifecycle: Lifecycle):
  CoroutineBridge<T> {
  val dispatcher = handlerDispatcher(config, context)
  val handlerContext = dispatcher?.let { it + lifecycle.marker }
  return CoroutineBridge(CoroutineScope(connectionContext(context, lifecycle)), config, handlerContext)
}

/** The context of connection coroutines: [context]'s elements under [lifecycle]'s supervisor, no dispatcher. */
internal fun connectionContext(context: CoroutineContext, lifecycle: Lifecycle): CoroutineContext =
  context.minusKey(ContinuationInterceptor).minusKey(Job) + lifecycle.connections

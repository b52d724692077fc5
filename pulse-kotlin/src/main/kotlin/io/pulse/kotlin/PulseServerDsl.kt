package io.pulse.kotlin

import io.pulse.PulseServer
import io.pulse.TaskType
import io.pulse.Transport
import io.pulse.TriggerType
import io.pulse.codec.Codec
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.withContext

/** Settings of a [pulseServer]: the address, the Java builder's options, and the suspend handlers. */
@PulseDsl
public class ServerConfig<T : Any> internal constructor(codec: Codec<T>?) : HandlerConfig<T>(codec) {
  public var host: String = "127.0.0.1"
  public var port: Int = 0
  public var loops: Int = Runtime.getRuntime().availableProcessors()
  public var transport: Transport = Transport.AUTO
  public var triggerType: TriggerType = TriggerType.LEVEL
  public var readBufferSize: Int = 4096
  public var maxReadsPerWakeup: Int = 16
  public var highWaterMark: Int = 1 shl 20
  public var lowWaterMark: Int = 256 shl 10
  public var tcpNoDelay: Boolean = true
  public var reusePort: Boolean = false
  public var backlog: Int = 1024

  @Suppress("UNCHECKED_CAST")
  internal fun builder(): PulseServer.Builder<T> = applyTls(
    (if (codec == null) PulseServer.builder() as PulseServer.Builder<T> else PulseServer.builder(codec))
  ).loops(loops).transport(transport).triggerType(triggerType).taskType(TaskType.EVENT_LOOP)
    .readBufferSize(readBufferSize).maxReadsPerWakeup(maxReadsPerWakeup)
    .highWaterMark(highWaterMark).lowWaterMark(lowWaterMark)
    .tcpNoDelay(tcpNoDelay).reusePort(reusePort).backlog(backlog)
}

/**
 * A running server whose connections are coroutines in its scope. Cancelling the parent job, [close] or
 * [shutdownGracefully] closes the server and everything it owns.
 */
public class PulseKServer internal constructor(
  /** The underlying Java server. */
  public val server: PulseServer,
  private val job: Job,
) : CoroutineScope, AutoCloseable {
  override val coroutineContext: CoroutineContext = job + Dispatchers.Default

  /** The bound port. */
  public val port: Int get() = server.port()

  /** The bound address. */
  public val localAddress: InetSocketAddress get() = server.localAddress()

  /** Suspends until the server is closed. */
  public suspend fun awaitClose() {
    job.join()
  }

  /** Stops accepting, lets queued writes drain for up to [timeout], then closes; true if all drained. */
  public suspend fun shutdownGracefully(timeout: Duration): Boolean {
    val clean = withContext(Dispatchers.IO) { server.shutdownGracefully(timeout.toJavaDuration()) }
    job.cancel()
    job.join()
    return clean
  }

  /** Closes at once: every connection, its coroutine and the loops. */
  override fun close() {
    server.close()
    job.cancel()
  }
}

/**
 * Starts a server configured by [block]: `pulseServer { port = 9000; onData { conn, msg -> conn.send(msg) } }`.
 * Its connection coroutines are children of a supervisor job under [context]'s job, if any.
 */
public fun pulseServer(
  context: CoroutineContext = EmptyCoroutineContext,
  block: ServerConfig<ByteBuffer>.() -> Unit,
): PulseKServer = start(ServerConfig<ByteBuffer>(null).apply(block), context)

/**
 * Starts a server whose connections speak [codec]: `pulseServer(LineCodec(1024)) { onData { conn, line ->
 * conn.sendMessage(line.uppercase()) } }`.
 */
public fun <T : Any> pulseServer(
  codec: Codec<T>,
  context: CoroutineContext = EmptyCoroutineContext,
  block: ServerConfig<T>.() -> Unit,
): PulseKServer = start(ServerConfig(codec).apply(block), context)

private fun <T : Any> start(config: ServerConfig<T>, context: CoroutineContext): PulseKServer {
  val (server, job) = launchEndpoint(config, context, AutoCloseable::close) { bridge ->
    config.builder().callback(bridge).bind(config.host, config.port)
  }
  return PulseKServer(server, job)
}

/**
 * Opens an endpoint whose connection coroutines live under a supervisor job below [context]'s job: [open] gets the
 * bridge callback; when the job completes (parent cancelled, or closed) the endpoint is closed with [close].
 */
internal fun <T : Any, E> launchEndpoint(
  config: HandlerConfig<T>,
  context: CoroutineContext,
  close: (E) -> Unit,
  open: (CoroutineBridge<T>) -> E,
): Pair<E, Job> {
  config.validate()
  val job = SupervisorJob(context[Job])
  val endpoint = try {
    open(CoroutineBridge(CoroutineScope(context + job), config))
  } catch (e: Throwable) {
    job.cancel()
    throw e
  }
  job.invokeOnCompletion { closeOffLoop { close(endpoint) } }
  return endpoint to job
}

/** Runs [close] here, or on a new thread when called from an event loop (closing joins the loops). */
internal fun closeOffLoop(close: () -> Unit) {
  if (Thread.currentThread().name.startsWith("pulse-loop-")) Thread(close, "pulse-close").start() else close()
}

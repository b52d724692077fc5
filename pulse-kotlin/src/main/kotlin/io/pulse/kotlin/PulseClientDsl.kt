package io.pulse.kotlin

import io.pulse.Conn
import io.pulse.PulseClient
import io.pulse.PulseServer
import io.pulse.TaskType
import io.pulse.Transport
import io.pulse.TriggerType
import io.pulse.codec.Codec
import java.nio.ByteBuffer
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.future.await

/** Settings of a [pulseClient]: the Java builder's options and the suspend handlers. */
@PulseDsl
public class ClientConfig<T : Any> internal constructor(codec: Codec<T>?) : HandlerConfig<T>(codec) {
  public var loops: Int = 1
  public var transport: Transport = Transport.AUTO
  public var triggerType: TriggerType = TriggerType.LEVEL
  public var highWaterMark: Int = 1 shl 20
  public var lowWaterMark: Int = 256 shl 10
  public var tcpNoDelay: Boolean = true
  public var connectTimeout: Duration = 10.seconds

  /** Share this server's loops instead of starting new ones. */
  public var attachTo: PulseServer? = null

  @Suppress("UNCHECKED_CAST")
  internal fun builder(): PulseClient.Builder<T> {
    val b = applyTls(
      (if (codec == null) PulseClient.builder() as PulseClient.Builder<T> else PulseClient.builder(codec))
    ).loops(loops).transport(transport).triggerType(triggerType)
      .taskType(TaskType.EVENT_LOOP).highWaterMark(highWaterMark).lowWaterMark(lowWaterMark)
      .tcpNoDelay(tcpNoDelay).connectTimeout(connectTimeout.toJavaDuration())
    attachTo?.let { b.attach(it) }
    return b
  }
}

/** A client whose connections are coroutines in its scope; cancelling the parent job or [close] closes all. */
public class PulseKClient internal constructor(
  /** The underlying Java client. */
  public val client: PulseClient,
  private val job: Job,
) : CoroutineScope, AutoCloseable {
  override val coroutineContext: CoroutineContext = job + Dispatchers.Default

  /**
   * Connects to [host]:[port], suspending until connected; the connection's coroutine then runs the handlers.
   * Cancelling the caller abandons the attempt (a connection that completes afterwards is closed).
   */
  public suspend fun connect(host: String, port: Int): Conn {
    val f = client.connect(host, port)
    try {
      return f.await()
    } catch (e: kotlinx.coroutines.CancellationException) {
      f.thenAccept { it.close() }
      throw e
    }
  }

  override fun close() {
    client.close()
    job.cancel()
  }
}

/** Starts a client configured by [block]: `pulseClient { onData { conn, msg -> ... } }.connect(host, port)`. */
public fun pulseClient(
  context: CoroutineContext = EmptyCoroutineContext,
  block: ClientConfig<ByteBuffer>.() -> Unit,
): PulseKClient = startClient(ClientConfig<ByteBuffer>(null).apply(block), context)

/** Starts a client whose connections speak [codec]. */
public fun <T : Any> pulseClient(
  codec: Codec<T>,
  context: CoroutineContext = EmptyCoroutineContext,
  block: ClientConfig<T>.() -> Unit,
): PulseKClient = startClient(ClientConfig(codec).apply(block), context)

private fun <T : Any> startClient(config: ClientConfig<T>, context: CoroutineContext): PulseKClient {
  val (client, job) = launchEndpoint(config, context, AutoCloseable::close) { bridge ->
    config.builder().callback(bridge).build()
  }
  return PulseKClient(client, job)
}

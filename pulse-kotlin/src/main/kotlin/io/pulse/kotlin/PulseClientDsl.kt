package io.pulse.kotlin

import io.pulse.Conn
import io.pulse.PulseClient
import io.pulse.PulseServer
import io.pulse.codec.Codec
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.future.await

/** Settings of a [pulseClient]: the Java builder's options (same defaults) and the suspend handlers. */
@PulseDsl
public class ClientConfig<T : Any> internal constructor(codec: Codec<T>?) : HandlerConfig<T>(codec) {
  /** How long a connect may take before it fails with a SocketTimeoutException (default 10 s; zero: no limit). */
  public var connectTimeout: Duration = 10.seconds

  /** Share this server's loops instead of starting new ones (default null: own loops). */
  public var attachTo: PulseServer? = null

  @Suppress("UNCHECKED_CAST")
  internal fun build(callback: io.pulse.Callback<T>): PulseClient {
    val b = applyTo(
      if (codec == null) PulseClient.builder() as PulseClient.Builder<T> else PulseClient.builder(codec),
    ).callback(callback).connectTimeout(connectTimeout.toJavaDuration())
    attachTo?.let { b.attach(it) }
    return b.build()
  }
}

/** A client whose connections are coroutines under its [job]; cancelling that job's parent or [close] closes all. */
public class PulseKClient internal constructor(
  /** The underlying Java client. */
  public val client: PulseClient,
  private val lifecycle: Lifecycle,
) : CoroutineScope, AutoCloseable {
  /** The client's scope: coroutines launched in it are cancelled when it closes; Dispatchers.Default. */
  override val coroutineContext: CoroutineContext = lifecycle.connections + Dispatchers.Default + lifecycle.marker

  /** The client's job, a child of the caller's: active while it runs, complete once it is closed. */
  public val job: Job get() = lifecycle.job

  /**
   * Connects to [host]:[port], suspending until connected; the connection's coroutine then runs the handlers.
   * Cancelling the caller abandons the attempt (a connection that completes afterwards is closed).
   */
  @Throws(IOException::class)
  public suspend fun connect(host: String, port: Int): Conn = await(client.connect(host, port))

  /** Connects to the Unix domain socket at [path]; see the other [connect]. */
  @Throws(IOException::class)
  public suspend fun connect(path: Path): Conn = await(client.connect(path))

  private suspend fun await(f: CompletableFuture<Conn>): Conn {
    try {
      return f.await()
    } catch (e: CancellationException) {
      f.thenAccept { it.close() }
      throw e
    }
  }

  /** Suspends until the client is closed and every connection coroutine ended. */
  public suspend fun awaitClosed() {
    lifecycle.job.join()
  }

  /** Closes every connection and the client's loops; from its own loops or handlers it only starts that. */
  override fun close() {
    lifecycle.close()
  }
}

/**
 * Starts a client bound to this scope (its job a child of the scope's); handlers run on [context]'s dispatcher if
 * it has one, else on the event loops. `pulseClient { onData { conn, msg -> ... } }.connect(host, port)`.
 */
@Throws(IOException::class)
public fun CoroutineScope.pulseClient(
  context: CoroutineContext = EmptyCoroutineContext,
  block: ClientConfig<ByteBuffer>.() -> Unit,
): PulseKClient = startClient(ClientConfig<ByteBuffer>(null).apply(block), scopeContext(context))

/** Starts a client bound to this scope whose connections speak [codec]. */
@Throws(IOException::class)
public fun <T : Any> CoroutineScope.pulseClient(
  codec: Codec<T>,
  context: CoroutineContext = EmptyCoroutineContext,
  block: ClientConfig<T>.() -> Unit,
): PulseKClient = startClient(ClientConfig(codec).apply(block), scopeContext(context))

/** Starts a client; its job is a child of [context]'s job if any (else a root: close it yourself). */
@Throws(IOException::class)
public fun pulseClient(
  context: CoroutineContext = EmptyCoroutineContext,
  block: ClientConfig<ByteBuffer>.() -> Unit,
): PulseKClient = startClient(ClientConfig<ByteBuffer>(null).apply(block), context)

/** Starts a client whose connections speak [codec]. */
@Throws(IOException::class)
public fun <T : Any> pulseClient(
  codec: Codec<T>,
  context: CoroutineContext = EmptyCoroutineContext,
  block: ClientConfig<T>.() -> Unit,
): PulseKClient = startClient(ClientConfig(codec).apply(block), context)

private fun <T : Any> startClient(config: ClientConfig<T>, context: CoroutineContext): PulseKClient {
  config.validate()
  val lifecycle = Lifecycle(context, "pulse-client")
  val client = try {
    config.build(bridge(config, context, lifecycle))
  } catch (e: Throwable) {
    lifecycle.startClose()
    throw e
  }
  lifecycle.opened(client)
  return PulseKClient(client, lifecycle)
}

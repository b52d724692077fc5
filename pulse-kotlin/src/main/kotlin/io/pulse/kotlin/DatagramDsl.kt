package io.pulse.kotlin

import io.pulse.DatagramCallback
import io.pulse.PulseDatagram
import io.pulse.PulseServer
import io.pulse.Transport
import io.pulse.TriggerType
import java.io.IOException
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.launch
import org.slf4j.LoggerFactory

/** One UDP datagram: a private copy of its bytes and who sent it. */
public class Datagram(
  /** The payload. */
  public val data: ByteArray,
  /** The sender's address (reply to it with [PulseKDatagram.send]). */
  public val sender: InetSocketAddress,
)

/** Settings of a [pulseDatagram]: the Java builder's options (same defaults) and an optional suspend handler. */
@PulseDsl
public class DatagramConfig internal constructor() {
  /** The interface to bind (default 127.0.0.1). */
  public var host: String = "127.0.0.1"

  /** The UDP port (default 0: a free one). */
  public var port: Int = 0

  /** Event loops, one socket each; more than one needs [reusePort] (default 1). */
  public var loops: Int = 1

  /** SO_REUSEPORT: one socket per loop on the same port (default false). */
  public var reusePort: Boolean = false

  /** The poller (default AUTO). */
  public var transport: Transport = Transport.AUTO

  /** Level- (default) or edge-triggered readiness. */
  public var triggerType: TriggerType = TriggerType.LEVEL

  /** The largest datagram delivered, in bytes (default 2048); larger ones are counted and dropped. */
  public var maxDatagramSize: Int = 2048

  /** Datagrams that may wait for kernel room before [PulseKDatagram.send] returns false (default 1024). */
  public var maxQueuedSends: Int = 1024

  /** SO_RCVBUF in bytes (default null: the system's). */
  public var receiveBufferSize: Int? = null

  /** SO_SNDBUF in bytes (default null: the system's). */
  public var sendBufferSize: Int? = null

  /** Run on this server's loops instead of new ones (default null). */
  public var attachTo: PulseServer? = null

  /** Datagrams queued for [PulseKDatagram.incoming] or the handler; beyond it new ones are dropped (default 1024). */
  public var inboundCapacity: Int = 1024

  internal var handler: (suspend (PulseKDatagram, Datagram) -> Unit)? = null

  /**
   * Runs [block] for each datagram, one at a time in a coroutine (on the context's dispatcher, else
   * Dispatchers.Default); without it, pull them from [PulseKDatagram.incoming].
   */
  public fun onDatagram(block: suspend (endpoint: PulseKDatagram, datagram: Datagram) -> Unit) {
    handler = block
  }

  internal fun bind(callback: DatagramCallback): PulseDatagram {
    require(inboundCapacity > 0) { "inboundCapacity <= 0: $inboundCapacity" }
    val b = PulseDatagram.builder().callback(callback).loops(loops).reusePort(reusePort).transport(transport)
      .triggerType(triggerType).maxDatagramSize(maxDatagramSize).maxQueuedSends(maxQueuedSends)
    receiveBufferSize?.let { b.receiveBufferSize(it) }
    sendBufferSize?.let { b.sendBufferSize(it) }
    attachTo?.let { b.attach(it) }
    return b.bind(host, port)
  }
}

/** A running UDP endpoint whose datagrams arrive in [incoming] (or to the `onDatagram` handler). */
public class PulseKDatagram internal constructor(
  private val channel: Channel<Datagram>,
  private val lifecycle: Lifecycle,
  private val droppedCount: AtomicLong,
) : AutoCloseable {
  /** The underlying Java endpoint. */
  public lateinit var datagram: PulseDatagram
    internal set

  /** Datagrams as they arrive; closed when the endpoint closes. Empty when an `onDatagram` handler takes them. */
  public val incoming: ReceiveChannel<Datagram> get() = channel

  /** The endpoint's job, a child of the caller's: complete once closed. */
  public val job: Job get() = lifecycle.job

  /** The bound port. */
  public val port: Int get() = datagram.port()

  /** The bound address. */
  public val localAddress: InetSocketAddress get() = datagram.localAddress()

  /** Datagrams dropped because [DatagramConfig.inboundCapacity] were already waiting. */
  public val dropped: Long get() = droppedCount.get()

  /** Sends [data] to [to]; false (counted) only when the send queue is full. Any thread, never blocks. */
  public fun send(data: ByteArray, to: InetSocketAddress): Boolean = datagram.send(ByteBuffer.wrap(data), to)

  /** Sends [text] as UTF-8 to [to]; see the other [send]. */
  public fun send(text: String, to: InetSocketAddress): Boolean = send(text.toByteArray(Charsets.UTF_8), to)

  /** Suspends until the endpoint is closed. */
  public suspend fun awaitClosed() {
    lifecycle.job.join()
  }

  /** Closes the sockets and threads; from a handler it only starts that. */
  override fun close() {
    lifecycle.close()
  }
}

/**
 * Starts a UDP endpoint bound to this scope (its job a child of the scope's): `pulseDatagram { onDatagram { ep, d
 * -> ep.send(d.data, d.sender) } }`. A handler runs on [context]'s dispatcher if it has one.
 */
@Throws(IOException::class)
public fun CoroutineScope.pulseDatagram(
  context: CoroutineContext = EmptyCoroutineContext,
  block: DatagramConfig.() -> Unit,
): PulseKDatagram = startDatagram(DatagramConfig().apply(block), scopeContext(context))

/** Starts a UDP endpoint; its job is a child of [context]'s job if any (else a root: close it yourself). */
@Throws(IOException::class)
public fun pulseDatagram(
  context: CoroutineContext = EmptyCoroutineContext,
  block: DatagramConfig.() -> Unit,
): PulseKDatagram = startDatagram(DatagramConfig().apply(block), context)

private fun startDatagram(config: DatagramConfig, context: CoroutineContext): PulseKDatagram {
  val lifecycle = Lifecycle(context, "pulse-datagram")
  val channel = Channel<Datagram>(config.inboundCapacity)
  val dropped = AtomicLong()
  val endpoint = PulseKDatagram(channel, lifecycle, dropped)
  lifecycle.connections.invokeOnCompletion { channel.close() }
  val java = try {
    config.bind { _, packet, sender ->
      val copy = ByteArray(packet.remaining()).also { packet.get(it) }
      if (!channel.trySend(Datagram(copy, sender)).isSuccess) dropped.incrementAndGet()
    }
  } catch (e: Throwable) {
    lifecycle.startClose()
    throw e
  }
  endpoint.datagram = java
  lifecycle.opened(java)
  val handler = config.handler
  if (handler != null) {
    val dispatcher = context[ContinuationInterceptor] ?: kotlinx.coroutines.Dispatchers.Default
    CoroutineScope(context.minusKey(Job) + lifecycle.connections + dispatcher + lifecycle.marker).launch {
      for (d in channel) {
        try {
          handler(endpoint, d)
        } catch (e: CancellationException) {
          throw e
        } catch (e: Throwable) {
          datagramLog.warn("onDatagram threw for a datagram from {}; carrying on", d.sender, e)
        }
      }
    }
  }
  return endpoint
}

private val datagramLog = LoggerFactory.getLogger(PulseKDatagram::class.java)

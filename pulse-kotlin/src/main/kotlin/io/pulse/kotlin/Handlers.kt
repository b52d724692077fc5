package io.pulse.kotlin

import io.pulse.Conn
import io.pulse.EndpointBuilder
import io.pulse.Transport
import io.pulse.TriggerType
import io.pulse.codec.Codec
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.Flow

/**
 * The suspend handlers, coroutine settings, connection options and TLS shared by [pulseServer] and [pulseClient]
 * blocks. Each property's default is the Java builder's.
 */
@PulseDsl
public open class HandlerConfig<T : Any> internal constructor(internal val codec: Codec<T>?) {
  private var sslContext: SSLContext? = null
  private var sslConfigure: ((SSLEngine) -> Unit)? = null

  /** Event loops (platform threads); default: one per available processor, as in Java. */
  public var loops: Int = Runtime.getRuntime().availableProcessors()

  /** The poller: EPOLL, KQUEUE, NIO, or AUTO (default: the best that works here). */
  public var transport: Transport = Transport.AUTO

  /** Level- (default) or edge-triggered readiness. */
  public var triggerType: TriggerType = TriggerType.LEVEL

  /** Bytes read per read call (default 4096); a raw `onData` message is at most this long. */
  public var readBufferSize: Int = 4096

  /** Reads per connection per loop wake-up (default 16). */
  public var maxReadsPerWakeup: Int = 16

  /** Pending write bytes above which a connection is not writable and `send` suspends (default 1 MiB). */
  public var highWaterMark: Int = 1 shl 20

  /** Pending write bytes below which a connection is writable again (default 256 KiB). */
  public var lowWaterMark: Int = 256 shl 10

  /**
   * Whether a connection stops reading while it is not writable (default true). Turn it off where what one
   * connection reads is written to another (a proxy), and pause the reading side by hand.
   */
  public var pauseReadingWhenUnwritable: Boolean = true

  /** TCP_NODELAY on new connections (default true). */
  public var tcpNoDelay: Boolean = true

  /** Closes connections that read nothing for this long with a `ConnTimeoutException` (default zero: never). */
  public var idleTimeout: Duration = Duration.ZERO

  /** A hard cap on one connection's queued write bytes: above it the connection closes (default null: none). */
  public var maxPendingWriteBytes: Long? = null

  /** SO_KEEPALIVE with the system's timing (default false); see [keepAlive] for explicit timing. */
  public var keepAlive: Boolean = false

  /** SO_RCVBUF in bytes (default null: the system's). */
  public var receiveBufferSize: Int? = null

  /** SO_SNDBUF in bytes (default null: the system's). */
  public var sendBufferSize: Int? = null

  /** SO_LINGER (default null: off); zero resets connections on close. */
  public var linger: Duration? = null

  /** IP_TOS / traffic class (default null: the system's). */
  public var trafficClass: Int? = null

  /** Closes connections whose TLS handshake has not finished by then (default 10 s). */
  public var tlsHandshakeTimeout: Duration = 10.seconds

  private var keepAliveTiming: Triple<Duration, Duration, Int>? = null
  private var heartbeatEvery: Duration? = null
  private var heartbeatPing: ((Conn) -> Unit)? = null

  /** SO_KEEPALIVE probing after [idle], every [interval], giving up after [count] probes (whole seconds; Linux). */
  public fun keepAlive(idle: Duration, interval: Duration, count: Int) {
    keepAliveTiming = Triple(idle, interval, count)
    keepAlive = true
  }

  /**
   * Calls [ping] on the connection's loop whenever it has read nothing for [every] (it must not block: use
   * `conn.write`). Combine with [idleTimeout] to drop peers that never answer.
   */
  public fun heartbeat(every: Duration, ping: (conn: Conn) -> Unit) {
    heartbeatEvery = every
    heartbeatPing = ping
  }

  /** Speaks TLS with [context]'s `SSLEngine`; [configure] may set ALPN, protocols or client auth on each engine. */
  public fun tls(context: SSLContext, configure: ((SSLEngine) -> Unit)? = null) {
    sslContext = context
    sslConfigure = configure
  }

  /**
   * Where connection coroutines run. Null (the default) means: the dispatcher of the `context` argument if it has
   * one, else each connection's own event loop. The loop is the fastest (no hand-off, no locks) and right for
   * handlers that only compute and suspend; pick `Dispatchers.IO` or `Default` for handlers that block or run
   * long computations, which would stall every connection on that loop.
   */
  public var dispatcher: CoroutineDispatcher? = null

  /**
   * Whether raw reads are lent to [onData] rather than given (default false): `msg` stays valid until the handler
   * returns, across its suspensions, and is then reused for a later read, so keep a copy of what outlives the call.
   * Saves an allocation per message on the loop dispatcher (elsewhere reads are copied anyway). Raw reads only.
   */
  public var lendReads: Boolean = false

  /** Messages (or raw read chunks) queued for a connection's coroutine before reading pauses (default 64). */
  public var inboundCapacity: Int = 64

  internal var open: (suspend (Conn) -> Unit)? = null
  internal var data: (suspend (Conn, T) -> Unit)? = null
  internal var close: (suspend (Conn, Throwable?) -> Unit)? = null
  internal var connection: (suspend (Conn, Flow<T>) -> Unit)? = null
  internal var stream: (suspend (Conn, ByteReader) -> Unit)? = null

  /** Runs first in each connection's coroutine. */
  public fun onOpen(block: suspend (conn: Conn) -> Unit) {
    open = block
  }

  /**
   * Runs for each message (a private copy of the bytes, or the codec's message), in order, one at a time per
   * connection; it may suspend (reading pauses if it lags). Excludes [onConnection] and [onStream].
   */
  public fun onData(block: suspend (conn: Conn, msg: T) -> Unit) {
    data = block
  }

  /**
   * Instead of [onData]: one handler per connection that pulls its messages from `incoming`. Collections follow
   * one another (each continues where the last stopped, so `withTimeout { incoming.first() }` reads one message
   * with a deadline); a second collector while one is active fails with IllegalStateException. The connection
   * closes when the handler returns.
   */
  public fun onConnection(block: suspend (conn: Conn, incoming: Flow<T>) -> Unit) {
    connection = block
  }

  /**
   * Instead of [onData], for byte streams without a codec: one handler per connection that reads with [ByteReader]
   * (`readLine`, `readExactly`, `readInt`...). Reading from the peer pauses while the reader is behind. The
   * connection closes when the handler returns.
   */
  public fun onStream(block: suspend (conn: Conn, input: ByteReader) -> Unit) {
    stream = block
  }

  /**
   * Runs last, once, when the connection is gone: `err` is null after an orderly close (what was queued went out),
   * else says why (the peer reset, a cancellation that cut it short).
   */
  public fun onClose(block: suspend (conn: Conn, err: Throwable?) -> Unit) {
    close = block
  }

  internal open fun validate() {
    require(inboundCapacity > 0) { "inboundCapacity <= 0: $inboundCapacity" }
    val set = listOfNotNull(data?.let { "onData" }, connection?.let { "onConnection" }, stream?.let { "onStream" })
    require(set.size <= 1) { "set only one of onData, onConnection and onStream (set: ${set.joinToString()})" }
    require(stream == null || codec == null) { "onStream reads raw bytes: it cannot be combined with a codec" }
    require(!lendReads || (codec == null && data != null)) {
      "lendReads lends raw reads to onData: set onData, and no codec (a codec's messages are the handler's own)"
    }
  }

  /** Applies the options shared by servers and clients to [b]. */
  internal fun <B : EndpointBuilder<B, T>> applyTo(b: B): B {
    b.loops(loops).transport(transport).triggerType(triggerType).taskType(io.pulse.TaskType.EVENT_LOOP)
      .readBufferSize(readBufferSize).maxReadsPerWakeup(maxReadsPerWakeup)
      .highWaterMark(highWaterMark).lowWaterMark(lowWaterMark).pauseReadingWhenUnwritable(pauseReadingWhenUnwritable)
      .tcpNoDelay(tcpNoDelay)
      .idleTimeout(idleTimeout.toJavaDuration()).keepAlive(keepAlive)
    maxPendingWriteBytes?.let { b.maxPendingWriteBytes(it) }
    keepAliveTiming?.let { (idle, interval, count) ->
      b.keepAlive(idle.toJavaDuration(), interval.toJavaDuration(), count)
    }
    heartbeatEvery?.let { every ->
      val ping = heartbeatPing!!
      b.heartbeat(every.toJavaDuration()) { ping(it) }
    }
    receiveBufferSize?.let { b.receiveBufferSize(it) }
    sendBufferSize?.let { b.sendBufferSize(it) }
    linger?.let { b.linger(it.toJavaDuration()) }
    trafficClass?.let { b.trafficClass(it) }
    val ctx = sslContext ?: return b
    val configure = sslConfigure
    return b.tls(ctx, configure?.let { f -> java.util.function.Consumer<SSLEngine> { f(it) } })
      .tlsHandshakeTimeout(tlsHandshakeTimeout.toJavaDuration())
  }
}

package io.pulse.kotlin

import io.pulse.Conn
import io.pulse.EndpointBuilder
import io.pulse.codec.Codec
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.Flow

/** The suspend handlers, coroutine settings and TLS shared by [pulseServer] and [pulseClient] blocks. */
@PulseDsl
public open class HandlerConfig<T : Any> internal constructor(internal val codec: Codec<T>?) {
  private var sslContext: SSLContext? = null
  private var sslConfigure: ((SSLEngine) -> Unit)? = null

  /** Closes connections whose TLS handshake has not finished by then (default 10 s). */
  public var tlsHandshakeTimeout: Duration = 10.seconds

  /** Speaks TLS with [context]'s `SSLEngine`; [configure] may set ALPN, protocols or client auth on each engine. */
  public fun tls(context: SSLContext, configure: ((SSLEngine) -> Unit)? = null) {
    sslContext = context
    sslConfigure = configure
  }

  internal fun <B : EndpointBuilder<B, T>> applyTls(b: B): B {
    val ctx = sslContext ?: return b
    val configure = sslConfigure
    return b.tls(ctx, configure?.let { f -> java.util.function.Consumer<SSLEngine> { f(it) } })
      .tlsHandshakeTimeout(tlsHandshakeTimeout.toJavaDuration())
  }

  /** Where connection coroutines run; null (the default) means each connection's own event loop. */
  public var dispatcher: CoroutineDispatcher? = null

  /** Messages queued for a connection's coroutine before reading from its peer pauses. */
  public var inboundCapacity: Int = 64

  internal var open: suspend (Conn) -> Unit = {}
  internal var data: suspend (Conn, T) -> Unit = { _, _ -> }
  internal var close: suspend (Conn, Throwable?) -> Unit = { _, _ -> }
  internal var connection: (suspend (Conn, Flow<T>) -> Unit)? = null

  /** Runs first in each connection's coroutine. */
  public fun onOpen(block: suspend (conn: Conn) -> Unit) {
    open = block
  }

  /** Runs for each message (a private copy of the bytes, or the codec's message), in order, one at a time per connection; it may suspend (reading pauses if it lags). */
  public fun onData(block: suspend (conn: Conn, msg: T) -> Unit) {
    data = block
  }

  /**
   * Instead of [onData]: one handler per connection that pulls its messages from [incoming][Flow] (each collection
   * continues where the last one stopped, so `withTimeout { incoming.first() }` reads one message with a
   * deadline). The connection closes when the handler returns.
   */
  public fun onConnection(block: suspend (conn: Conn, incoming: Flow<T>) -> Unit) {
    connection = block
  }

  /** Runs last, once, when the connection is gone: `err` is null after an orderly close. */
  public fun onClose(block: suspend (conn: Conn, err: Throwable?) -> Unit) {
    close = block
  }

  internal fun validate() {
    require(inboundCapacity > 0) { "inboundCapacity <= 0: $inboundCapacity" }
  }
}

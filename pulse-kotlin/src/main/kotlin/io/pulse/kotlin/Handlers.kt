package io.pulse.kotlin

import io.pulse.Conn
import io.pulse.codec.Codec
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.Flow

/** The suspend handlers and coroutine settings shared by [pulseServer] and [pulseClient] blocks. */
@PulseDsl
public open class HandlerConfig<T : Any> internal constructor(internal val codec: Codec<T>?) {
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

  /** Runs last, once, when the connection is gone: [err] is null after an orderly close. */
  public fun onClose(block: suspend (conn: Conn, err: Throwable?) -> Unit) {
    close = block
  }

  internal fun validate() {
    require(inboundCapacity > 0) { "inboundCapacity <= 0: $inboundCapacity" }
  }
}

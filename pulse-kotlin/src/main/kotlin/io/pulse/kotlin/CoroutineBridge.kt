package io.pulse.kotlin

import io.pulse.Callback
import io.pulse.Conn
import java.nio.ByteBuffer
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory

/**
 * A Java [Callback] (run on the event loop) that gives each connection one coroutine in [scope]: onOpen, then
 * each message from a bounded queue, then onClose. The connection closes only after its coroutine drained.
 */
internal class CoroutineBridge<T : Any>(private val scope: CoroutineScope, private val config: HandlerConfig<T>) :
  Callback<T> {

  override fun onOpen(conn: Conn) {
    val session = ConnSession(conn, config.inboundCapacity)
    ConnSession.register(session)
    val dispatcher = config.dispatcher ?: conn.executor().asCoroutineDispatcher()
    session.job = scope.launch(dispatcher) { run(session) }
  }

  private suspend fun run(s: ConnSession) {
    val conn = s.conn
    var failure: Throwable? = null
    try {
      config.open(conn)
      val pull = config.connection
      if (pull != null) {
        pull(conn, flow {
          while (true) {
            val msg = s.inbound.receiveOrNull() ?: break
            @Suppress("UNCHECKED_CAST") emit(msg as T)
            s.consumed()
          }
        })
      } else {
        while (true) {
          val msg = s.inbound.receiveOrNull() ?: break
          @Suppress("UNCHECKED_CAST") config.data(conn, msg as T)
          s.consumed()
        }
      }
    } catch (e: CancellationException) {
      failure = e
    } catch (e: Throwable) {
      log.warn("conn {}: handler threw; closing this connection", conn.id(), e)
      failure = e
    } finally {
      conn.close() // sends what the handler queued, then closes
      if (s.claimCloseNotification()) {
        val cause = s.closeCause ?: failure
        withContext(NonCancellable) { notifyClose(conn, cause) }
      }
    }
  }

  private suspend fun notifyClose(conn: Conn, err: Throwable?) {
    try {
      config.close(conn, err)
    } catch (e: Throwable) {
      log.warn("conn {}: onClose threw", conn.id(), e)
    }
  }

  override fun onData(conn: Conn, msg: T) {
    // Raw reads share the loop's buffer: copy them. A codec's messages are already the coroutine's own.
    val owned: Any = if (config.codec == null && msg is ByteBuffer) {
      ByteBuffer.wrap(ByteArray(msg.remaining()).also { msg.get(it) })
    } else {
      msg
    }
    ConnSession.of(conn)?.offer(owned)
  }

  /** The peer finished sending: let the coroutine drain its queue; it closes the connection after. */
  override fun onInputClosed(conn: Conn) {
    ConnSession.of(conn)?.inbound?.close() ?: conn.close()
  }

  override fun onWritable(conn: Conn) {
    ConnSession.of(conn)?.wakeWriter()
  }

  override fun onClose(conn: Conn, err: Throwable?) {
    val s = ConnSession.remove(conn) ?: return
    s.closeCause = err
    s.inbound.close()
    s.wakeWriter()
    // An abnormal close cancels the handler at once; after an orderly one it finishes what is queued.
    if (err != null) s.job?.cancel(CancellationException("connection ${conn.id()} closed: $err", err))
  }

  private companion object {
    val log = LoggerFactory.getLogger(CoroutineBridge::class.java)
  }
}

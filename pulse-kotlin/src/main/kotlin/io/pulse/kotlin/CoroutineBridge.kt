package io.pulse.kotlin

import io.pulse.Callback
import io.pulse.Conn
import java.nio.ByteBuffer
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory

/**
 * A Java [Callback] (run on the event loop) that gives each connection one coroutine in [scope]: onOpen, then
 * each message from a bounded queue, then onClose. The connection closes only after its coroutine drained.
 * [dispatcher] is the context where handlers run; null means each connection's own loop.
 */
internal class CoroutineBridge<T : Any>(
  private val scope: CoroutineScope,
  private val config: HandlerConfig<T>,
  private val dispatcher: CoroutineContext?,
) : Callback<T> {

  /** Raw reads (no codec) share the loop's buffer and are copied; read once here rather than per message. */
  private val copiesReads = config.codec == null

  /** Per loop thread: what starts that loop's connection coroutines, built once rather than per connection. */
  private val loopStarters = ThreadLocal<LoopStarter>()

  /** Per loop thread, with [HandlerConfig.lendReads]: the buffer raw reads are lent in. */
  private val lentReads: ThreadLocal<LentReads>? =
    if (config.lendReads) ThreadLocal.withInitial { LentReads(config.readBufferSize) } else null

  override fun onOpen(conn: Conn) {
    val session = ConnSession(conn, config.inboundCapacity)
    ConnSession.register(session)
    // Started even when the endpoint is already being cancelled (undispatched and atomic starts both run the body):
    // a connection accepted then still gets onOpen, then onClose at its first suspension, and its session removed.
    // Its job is recorded before any handler runs.
    if (dispatcher == null) {
      // On a loop's own thread: start right here, up to the first wait for a message, with no dispatch (the loop
      // dispatcher would not dispatch either). The starter is that loop's, found with one lookup.
      val starter = loopStarters.get() ?: newLoopStarter(conn)
      if (starter != null) {
        session.lentReads = lentReads?.get() // handlers run on this thread: lending works
        starter.start(session) { run(session) }
        return
      }
    }
    launchDispatched(session)
  }

  private fun newLoopStarter(conn: Conn): LoopStarter? {
    val loop = LoopDispatcher.of(conn) as? LoopDispatcher ?: return null
    return LoopStarter(scope.coroutineContext, loop).also { loopStarters.set(it) }
  }

  /** On a chosen dispatcher (or a loop's, from another thread): the job is known at once as well. */
  private fun launchDispatched(session: ConnSession) {
    session.job = scope.launch(dispatcher ?: LoopDispatcher.of(session.conn), CoroutineStart.ATOMIC) {
      session.job = coroutineContext.job
      run(session)
    }
  }

  /**
   * The connection's life: onOpen, its reader, then [finish]; a handler's throw closes only this connection. One
   * suspension for the end rather than a `finally` (the JIT compiles this at every connection's start: kept small).
   */
  private suspend fun run(s: ConnSession) {
    val failure = try {
      config.open?.invoke(s.conn)
      serve(s)
      null
    } catch (e: Throwable) {
      // Logged and confined to this connection: the server's other coroutines go on.
      if (e !is CancellationException) log.warn("conn {}: handler threw; closing this connection", s.conn.id(), e)
      e
    }
    finish(s, failure)
    if (failure is CancellationException) throw failure // never swallowed: the coroutine ends cancelled
  }

  /**
   * After the handlers: closes the connection (sending what they queued first), delivers onClose once the loop
   * reported the close (so that it says whether what was queued went out), and forgets the session. A function of
   * its own so that [run], resumed at every start, stays small for the JIT.
   */
  private suspend fun finish(s: ConnSession, failure: Throwable?) {
    try {
      s.conn.close()
      val close = config.close // none set: no context switch per close
      if (close != null && s.claimCloseNotification()) {
        // Returns at once unless bytes were still queued: then waits until they went out, or failed to. Not when
        // cancelled (the endpoint is closing, or the connection failed): that close is reported now, with that cause.
        val cancelled = if (failure is CancellationException) failure else awaitCloseReported(s)
        withContext(NonCancellable) { notifyClose(close, s.conn, s.closeCause ?: failure ?: cancelled) }
        if (cancelled != null) throw cancelled
      }
    } finally {
      ConnSession.remove(s.conn) // here rather than invokeOnCompletion: one object less per idle connection
    }
  }

  /** Waits for the loop's report of [s]'s close; returns the cancellation that cut the wait short, if one did. */
  private suspend fun awaitCloseReported(s: ConnSession): CancellationException? =
    try {
      s.awaitCloseReported()
      null
    } catch (e: CancellationException) {
      e
    }

  /** Reads the connection the way the server was built to: pulled, as bytes, one message per call, or discarded. */
  private suspend fun serve(s: ConnSession) {
    val pull = config.connection
    val stream = config.stream
    val data = config.data
    when {
      pull != null -> pull(s.conn, incoming(s))
      stream != null -> stream(s.conn, ByteReader(s))
      data != null -> deliver(s, data)
      else -> while (s.inbound.receiveOrNull() != null) s.consumed() // no reader: discard, keep reading
    }
  }

  /**
   * Hands each message to [data] in order until the inbox is closed and drained. A function of its own (resumed once
   * per message): the JIT compiles this small loop, not the open and close around it, and recompiles only it when a
   * connection's first end of stream takes the branch it had not seen.
   */
  private suspend fun deliver(s: ConnSession, data: suspend (Conn, T) -> Unit) {
    val conn = s.conn
    s.inbound.prime()
    while (true) {
      val msg = s.inbound.receiveOrNull() ?: return
      @Suppress("UNCHECKED_CAST") data(conn, msg as T)
      s.consumed()
    }
  }

  /** The connection's messages as a flow: one collector at a time, each continuing where the last stopped. */
  private fun incoming(s: ConnSession): Flow<T> = flow {
    check(!s.collecting) { "incoming of connection ${s.conn.id()} is already being collected" }
    s.collecting = true
    try {
      while (true) {
        val msg = s.inbound.receiveOrNull() ?: break
        s.consumed()
        @Suppress("UNCHECKED_CAST") emit(msg as T)
      }
    } finally {
      s.collecting = false
    }
  }

  private suspend fun notifyClose(close: suspend (Conn, Throwable?) -> Unit, conn: Conn, err: Throwable?) {
    try {
      close(conn, err)
    } catch (e: CancellationException) {
      throw e
    } catch (e: Throwable) {
      log.warn("conn {}: onClose threw", conn.id(), e)
    }
  }

  override fun onData(conn: Conn, msg: T) {
    val s = ConnSession.of(conn) ?: return
    // Raw reads share the loop's buffer: lend them in a buffer of our own, or copy them. A codec's messages are
    // already the coroutine's own.
    if (copiesReads && msg is ByteBuffer) {
      if (s.lentReads?.offer(s, msg) != true) s.offer(copyOf(msg))
    } else {
      s.offer(msg)
    }
  }

  private fun copyOf(read: ByteBuffer): ByteBuffer = ByteBuffer.wrap(ByteArray(read.remaining()).also { read.get(it) })

  /** The peer finished sending: let the coroutine drain its queue; it closes the connection after. */
  override fun onInputClosed(conn: Conn) {
    ConnSession.of(conn)?.inbound?.close() ?: conn.close()
  }

  override fun onWritable(conn: Conn) {
    ConnSession.of(conn)?.wakeWriter()
  }

  override fun onClose(conn: Conn, err: Throwable?) {
    val s = ConnSession.of(conn) ?: return
    if (s.closed) return
    s.closed = true
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

package io.pulse.kotlin

import io.pulse.Conn
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * The coroutine side of one connection: its inbound queue (reading pauses while it holds [capacity] messages),
 * the waiter of a suspended [send], and whether onClose was delivered.
 */
internal class ConnSession(val conn: Conn, private val capacity: Int) {
  val inbound = Channel<Any>(Channel.UNLIMITED)
  private val queued = AtomicInteger()
  private val paused = AtomicBoolean()
  private val writableWaiter = AtomicReference<CancellableContinuation<Unit>?>()
  val closeNotified = AtomicBoolean()

  @Volatile var closeCause: Throwable? = null

  /** The connection's coroutine. */
  @Volatile var job: kotlinx.coroutines.Job? = null

  /** A message arrived (loop thread): queue it, and pause reading when the queue is full. */
  fun offer(msg: Any) {
    inbound.trySend(msg)
    if (queued.incrementAndGet() >= capacity && paused.compareAndSet(false, true)) conn.pauseReading()
  }

  /** The handler took one message: resume reading once the queue is half empty. */
  fun consumed() {
    if (queued.decrementAndGet() <= capacity / 2 && paused.compareAndSet(true, false)) conn.resumeReading()
  }

  /** Suspends until the connection is writable or closed; a cancelled waiter removes itself. */
  suspend fun awaitWritable() {
    if (conn.isWritable || !conn.isOpen) return
    suspendCancellableCoroutine { cont ->
      writableWaiter.set(cont)
      cont.invokeOnCancellation { writableWaiter.compareAndSet(cont, null) }
      if (conn.isWritable || !conn.isOpen) wakeWriter() // raced with onWritable or close
    }
  }

  /** Resumes a suspended sender, if any. */
  fun wakeWriter() {
    writableWaiter.getAndSet(null)?.let { if (it.isActive) it.resume(Unit) }
  }

  companion object {
    private val sessions = ConcurrentHashMap<Conn, ConnSession>()

    fun register(s: ConnSession) {
      sessions[s.conn] = s
    }

    fun of(conn: Conn): ConnSession? = sessions[conn]

    fun remove(conn: Conn): ConnSession? = sessions.remove(conn)
  }
}

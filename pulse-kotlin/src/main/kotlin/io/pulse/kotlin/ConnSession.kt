package io.pulse.kotlin

import io.pulse.Conn
import io.pulse.internal.server.BridgeSlot
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * The coroutine side of one connection: its inbound queue (reading pauses while it holds [capacity] messages),
 * the waiter of a suspended [send], and whether onClose was delivered. It is its own [Inbox] (one object, one cache
 * line less per message), kept in the connection's [BridgeSlot] (a field read per message, not a map lookup).
 */
internal class ConnSession(val conn: Conn, private val capacity: Int) : Inbox() {
  /** The inbound messages: this session itself. */
  val inbound: Inbox get() = this
  // Plain volatile fields with updaters rather than Atomic* objects: 64 bytes less per connection.
  @Volatile private var queued = 0
  @Volatile private var paused = 0
  @Volatile private var writableWaiter: CancellableContinuation<Unit>? = null
  @Volatile private var closeNotified = 0

  @Volatile var closeCause: Throwable? = null

  /** The connection's coroutine: a child of its endpoint's job. */
  @Volatile var job: kotlinx.coroutines.Job? = null

  /** Set once onClose arrived from the loop. */
  @Volatile var closed = false

  /** Whether an `incoming` collector is active (a second one fails). */
  @Volatile var collecting = false

  /** Highest number of queued messages seen, at least 1 (tests check that reading paused). */
  @Volatile var maxQueued = 1 // not 0: the first message of each connection takes no branch the later ones skip

  /** Messages queued or being handled: an onData message counts until its handler returned. */
  val queuedCount: Int get() = queued

  /** Its loop's buffer for lent reads ([HandlerConfig.lendReads]), or null: each read is copied. */
  var lentReads: LentReads? = null

  /** A message arrived (loop thread): queue it, and pause reading when the queue is full. */
  fun offer(msg: Any) {
    val q = QUEUED.incrementAndGet(this) // before the message: on the loop dispatcher the handler may run inside offer
    if (q > maxQueued) maxQueued = q
    if (q >= capacity && PAUSED.compareAndSet(this, 0, 1)) conn.pauseReading()
    put(msg)
  }

  /** The handler took one message: resume reading once the queue is half empty. */
  fun consumed() {
    if (QUEUED.decrementAndGet(this) <= capacity / 2 && PAUSED.compareAndSet(this, 1, 0)) conn.resumeReading()
  }

  /** Suspends until the connection is writable or closed; a cancelled waiter removes itself. */
  suspend fun awaitWritable(): Unit = awaitWake { conn.isWritable || !conn.isOpen }

  /** Suspends until the loop reported the connection closed: after what was queued went out, or with why not. */
  suspend fun awaitCloseReported() {
    while (!closed) awaitWake { closed }
  }

  /** Suspends until [ready], or until the next [wakeWriter] (onWritable, onClose); one waiter at a time. */
  private suspend inline fun awaitWake(crossinline ready: () -> Boolean) {
    if (ready()) return
    suspendCancellableCoroutine { cont ->
      writableWaiter = cont
      cont.invokeOnCancellation { WAITER.compareAndSet(this, cont, null) }
      if (ready()) wakeWriter() // raced with the wake-up
    }
  }

  /** True the first time only: whoever gets it delivers onClose. */
  fun claimCloseNotification(): Boolean = CLOSE_NOTIFIED.compareAndSet(this, 0, 1)

  /** Resumes a suspended sender, if any. */
  fun wakeWriter() {
    @Suppress("UNCHECKED_CAST")
    (WAITER.getAndSet(this, null) as CancellableContinuation<Unit>?)?.let { if (it.isActive) it.resume(Unit) }
  }

  companion object {
    private val QUEUED = AtomicIntegerFieldUpdater.newUpdater(ConnSession::class.java, "queued")
    private val PAUSED = AtomicIntegerFieldUpdater.newUpdater(ConnSession::class.java, "paused")
    private val CLOSE_NOTIFIED = AtomicIntegerFieldUpdater.newUpdater(ConnSession::class.java, "closeNotified")
    private val WAITER: AtomicReferenceFieldUpdater<ConnSession, CancellableContinuation<*>> =
      AtomicReferenceFieldUpdater.newUpdater(ConnSession::class.java, CancellableContinuation::class.java,
        "writableWaiter")
    // Only for connections of a Conn implementation without a BridgeSlot: ours all have one.
    private val sessions = ConcurrentHashMap<Conn, ConnSession>()

    fun register(s: ConnSession) {
      if (!BridgeSlot.set(s.conn, s)) sessions[s.conn] = s
    }

    fun of(conn: Conn): ConnSession? =
      BridgeSlot.get(conn) as? ConnSession ?: if (sessions.isEmpty()) null else sessions[conn]

    fun remove(conn: Conn) {
      if (!BridgeSlot.set(conn, null)) sessions.remove(conn)
    }
  }
}

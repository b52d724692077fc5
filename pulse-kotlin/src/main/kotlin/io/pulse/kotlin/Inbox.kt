package io.pulse.kotlin

import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * A connection's inbound messages, from one producer (the event loop) to one consumer (the connection's coroutine).
 * Small while idle: no queue until the first message and one suspended waiter, where a kotlinx Channel holds a
 * ~400-byte segment per connection. A cancelled [receiveOrNull] takes nothing.
 */
internal class Inbox {
  @Volatile private var queue: ConcurrentLinkedQueue<Any>? = null
  @Volatile private var closed = false
  @Volatile private var waiter: CancellableContinuation<Unit>? = null

  /** Queues [msg] (producer only); false once closed. */
  fun offer(msg: Any): Boolean {
    if (closed) return false
    var q = queue
    if (q == null) {
      q = ConcurrentLinkedQueue()
      queue = q // one producer: no race to create it
    }
    q.add(msg)
    wake()
    return true
  }

  /** No more messages will come; the consumer still gets those queued. Any thread. */
  fun close() {
    closed = true
    wake()
  }

  /** The next message, or null once closed and drained; suspends while empty. */
  suspend fun receiveOrNull(): Any? {
    while (true) {
      queue?.poll()?.let { return it }
      if (closed) return queue?.poll()
      suspendCancellableCoroutine<Unit> { cont ->
        waiter = cont // if cancelled, it stays until the next wake or wait replaces it: harmless, and no handler
        if (queue?.isEmpty() == false || closed) wake() // raced with offer or close
      }
    }
  }

  private fun wake() {
    @Suppress("UNCHECKED_CAST")
    val cont = WAITER.getAndSet(this, null) as CancellableContinuation<Unit>?
    if (cont != null && cont.isActive) cont.resume(Unit)
  }

  private companion object {
    val WAITER: AtomicReferenceFieldUpdater<Inbox, CancellableContinuation<*>> =
      AtomicReferenceFieldUpdater.newUpdater(Inbox::class.java, CancellableContinuation::class.java, "waiter")
  }
}

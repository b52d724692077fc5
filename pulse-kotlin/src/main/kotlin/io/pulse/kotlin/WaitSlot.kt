package io.pulse.kotlin

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import kotlin.coroutines.Continuation

/**
 * Where a consumer's continuation waits to be woken: registered by the consumer, taken by whoever resumes it, or
 * taken back by the consumer itself when it finds it need not wait. Each registration has its own stamp, so a
 * take-back cannot remove a later registration of the same continuation: one that was woken, resumed on another
 * thread and came back to wait while the registering thread had not yet got to its take-back. (A compare-and-set on
 * the continuation alone took that later registration too, and the coroutine then ran on both threads at once.)
 * Open so that an owner can be one: [Inbox] is, and with it each connection's session (no extra object each).
 */
internal open class WaitSlot {
  /** The latest registration's stamp, shifted left by one, with bit 0 set while it is still waiting. */
  @Volatile private var state = 0

  /** The registered continuation: written before [state] publishes it, read after [state] says it waits. */
  private var cont: Continuation<Unit>? = null

  /** Registers [c] (consumer only, while nothing waits); returns the stamp its [takeBack] needs. */
  fun register(c: Continuation<Unit>): Int {
    val stamp = ((state and WAITING.inv()) + STEP) or WAITING
    cont = c
    state = stamp
    return stamp
  }

  /** Removes the registration [stamp] unless a waker took it first (then the waker resumes it): true if removed. */
  fun takeBack(stamp: Int): Boolean = STATE.compareAndSet(this, stamp, stamp and WAITING.inv())

  /** Removes and returns the waiting continuation, for the caller to resume; null if none waits. */
  fun take(): Continuation<Unit>? {
    while (true) {
      val s = state
      if (s and WAITING == 0) return null
      // The registration cannot change before it is taken, and once taken by us the consumer cannot register again
      // before we resume it: cont, read after the state change, is the one that waited.
      if (STATE.compareAndSet(this, s, s and WAITING.inv())) return cont
    }
  }

  /** Like [take], but only if the waiting continuation passes [test] (checked before it is taken). */
  fun takeIf(test: (Continuation<Unit>) -> Boolean): Continuation<Unit>? {
    while (true) {
      val s = state
      if (s and WAITING == 0) return null
      val c = cont ?: return null
      if (!test(c)) return null
      // Had a newer registration replaced c after s was read, the state changed too: the compare fails, look again.
      if (STATE.compareAndSet(this, s, s and WAITING.inv())) return c
    }
  }

  private companion object {
    const val WAITING = 1
    const val STEP = 2
    val STATE: AtomicIntegerFieldUpdater<WaitSlot> = AtomicIntegerFieldUpdater.newUpdater(WaitSlot::class.java, "state")
  }
}

package io.pulse.kotlin

import io.pulse.internal.server.BridgeSlot
import java.util.concurrent.Executor
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher

/**
 * An event loop as a dispatcher that runs a coroutine resumed on its own loop thread at once, like
 * `Dispatchers.Main.immediate`: a message arriving for a suspended handler runs it inside the read callback, with no
 * task-queue hop; from any other thread it goes through the loop's task queue. One per loop thread.
 */
internal class LoopDispatcher private constructor(private val loop: Executor, private val thread: Thread) :
  CoroutineDispatcher() {

  override fun isDispatchNeeded(context: CoroutineContext): Boolean = Thread.currentThread() !== thread

  override fun dispatch(context: CoroutineContext, block: Runnable) {
    loop.execute(block)
  }

  override fun toString(): String = "LoopDispatcher(${thread.name})"

  companion object {
    private val current = ThreadLocal<LoopDispatcher>()

    /**
     * The dispatcher of [conn]'s loop: the cached immediate one when called on a loop thread (callbacks of an
     * EVENT_LOOP endpoint), else a plain dispatcher onto its executor.
     */
    fun of(conn: io.pulse.Conn): CoroutineDispatcher {
      val d = current.get()
      if (d != null) return d
      // Asked of the connection, not of the thread's name: Kotlin's String.startsWith would load the stdlib's whole
      // StringsKt facade (about 250 KB of classes) in a cold server's first connection.
      if (!BridgeSlot.onLoopOf(conn)) return conn.executor().asCoroutineDispatcher()
      return LoopDispatcher(conn.executor(), Thread.currentThread()).also { current.set(it) }
    }
  }
}

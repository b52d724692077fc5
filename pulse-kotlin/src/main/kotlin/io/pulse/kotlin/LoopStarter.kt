package io.pulse.kotlin

import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.intrinsics.createCoroutineUnintercepted
import kotlin.coroutines.resume
import kotlinx.coroutines.AbstractCoroutine
import kotlinx.coroutines.CopyableThreadContextElement
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.ThreadContextElement
import org.slf4j.LoggerFactory

/**
 * Starts connection coroutines on one loop thread, right there, up to their first suspension: each a child of
 * [scopeContext]'s job in the loop's context, built once. What `launch` does per connection beyond that (combining
 * and copying contexts, a start strategy, debug probes) is left out: costly while a cold server's first burst of
 * connections runs before the JIT compiled it. Thread-context elements are applied around the start, and copyable
 * ones copied for each connection, as `launch` does.
 */
internal class LoopStarter(scopeContext: CoroutineContext, loop: LoopDispatcher) {
  /** The job every connection coroutine is a child of: the server's connections job. */
  private val parent: Job? = scopeContext[Job]

  /**
   * Each connection coroutine's context but its own job: the server's elements and this loop, with no parent job to
   * take out again. Adding the coroutine to it is then cheap (a cold server runs it interpreted, once per connection).
   */
  private val base: CoroutineContext = (scopeContext + loop).minusKey(Job)

  /** Elements copied for each child, as `launch` copies them: then each connection gets its own context. */
  private val copied: Boolean = base.fold(false) { any, e -> any || e is CopyableThreadContextElement<*> }

  /** Elements that set thread state while a coroutine runs (an MDC, a thread name): applied around its start. */
  private val threadElements: Array<ThreadContextElement<Any?>> = threadElementsOf(base)

  /** Runs [body] as [session]'s coroutine, a new child, at once on this thread; its job is set first. */
  fun start(session: ConnSession, body: suspend () -> Unit) {
    val coroutine = ConnCoroutine(if (copied) withCopies(base) else base, parent)
    session.job = coroutine
    coroutine.inbox = session
    session.cancelledBy(coroutine)
    // Not intercepted: it runs here and now; its end (or a throw) completes the coroutine through resume.
    val frame = body.createCoroutineUnintercepted(coroutine)
    val elements = if (copied) threadElementsOf(coroutine.context) else threadElements
    if (elements.isEmpty()) frame.resume(Unit) else resumeWithin(elements, coroutine.context, frame)
  }

  /** Resumes [frame] with [elements] set on this thread for [context], and restored after, as a dispatch would. */
  private fun resumeWithin(elements: Array<ThreadContextElement<Any?>>, context: CoroutineContext,
    frame: Continuation<Unit>) {
    val states = arrayOfNulls<Any?>(elements.size)
    for (i in elements.indices) states[i] = elements[i].updateThreadContext(context)
    try {
      frame.resume(Unit)
    } finally {
      for (i in elements.indices.reversed()) elements[i].restoreThreadContext(context, states[i])
    }
  }

  /**
   * A connection's coroutine and job, in [context] (which has no job), a child of [parent]: once cancelled, it still
   * completes only when its body and children ended (a plain `Job()` would complete at once). Its cancellation wakes
   * [inbox]'s wait directly, as a completion handler would.
   */
  @OptIn(InternalCoroutinesApi::class)
  private class ConnCoroutine(context: CoroutineContext, parent: Job?) :
    AbstractCoroutine<Unit>(context, initParentJob = false, active = true) {
    init {
      initParentJob(parent) // what initParentJob = true does, without looking the parent up in the context
    }

    /**
     * Set right after construction: a parent already cancelling cancels this job inside the constructor, before any
     * field is set; [Inbox.cancelledBy] sees that cancellation instead.
     */
    @Volatile var inbox: Inbox? = null

    override fun onCancelling(cause: Throwable?) {
      if (cause != null) inbox?.jobCancelling(this, cause) // null cause: completing normally, nothing waits
    }

    override fun handleJobException(exception: Throwable): Boolean {
      log.error("connection coroutine failed", exception)
      return true
    }
  }

  private companion object {
    val log = LoggerFactory.getLogger(LoopStarter::class.java)

    @Suppress("UNCHECKED_CAST")
    fun threadElementsOf(context: CoroutineContext): Array<ThreadContextElement<Any?>> =
      context.fold(ArrayList<ThreadContextElement<Any?>>()) { list, e ->
        list.also { if (e is ThreadContextElement<*>) it.add(e as ThreadContextElement<Any?>) }
      }.toTypedArray()

    /** [context] with each copyable element replaced by its copy for a new child. */
    fun withCopies(context: CoroutineContext): CoroutineContext =
      context.fold(context) { acc, e -> if (e is CopyableThreadContextElement<*>) acc + e.copyForChild() else acc }
  }
}

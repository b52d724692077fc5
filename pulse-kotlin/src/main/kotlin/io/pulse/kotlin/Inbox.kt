package io.pulse.kotlin

import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.coroutines.Continuation
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.intercepted
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.ensureActive

/**
 * A connection's inbound messages, from one producer (the event loop) to one consumer (the connection's coroutine).
 * Small while idle: no queue until two messages wait at once, where a kotlinx Channel holds a ~400-byte segment per
 * connection. Allocation-free per message when the consumer keeps up (a ping-pong): the oldest message sits in a
 * field, not a queue node, and a wait stores the consumer's own continuation rather than a new
 * CancellableContinuation; its job gets one cancellation hook, reused by every wait in that job. A cancelled
 * [receiveOrNull] takes nothing. The consumer waits in the [WaitSlot] this inbox is.
 */
internal open class Inbox : WaitSlot() {
  /** The oldest message when [queue] is empty (producer sets it only then; the consumer takes it first). */
  @Volatile private var head: Any? = null
  @Volatile private var queue: ConcurrentLinkedQueue<Any>? = null
  @Volatile private var closed = false

  /** Consumer only: a message taken from [queue] while an older one turned up in [head]; returned next. */
  private var stash: Any? = null

  /** Set by the hook once [hookedJob] is cancelling; read by the consumer before it waits. */
  @Volatile private var cancelled: Job? = null

  // Consumer only: the job whose cancellation wakes a waiter, that hook, and the last continuation that waited
  // (a handler's loop waits with the same one each time: its job is known without a context lookup).
  private var hookedJob: Job? = null
  private var hook: DisposableHandle? = null
  private var lastWaiter: Continuation<Unit>? = null

  /**
   * Queues [msg] (producer only); false once closed. [head] is used only until a second message has to wait behind
   * it: from then on every message goes to [queue], so [head], when set, is always older than anything queued.
   */
  fun put(msg: Any): Boolean {
    if (closed) return false
    val q = queue
    when {
      q != null -> q.add(msg)
      head == null -> head = msg // the consumer only clears it: no race with the one producer
      else -> queue = ConcurrentLinkedQueue<Any>().also { it.add(msg) }
    }
    wake()
    return true
  }

  /** No more messages will come; the consumer still gets those queued. Any thread. */
  fun close() {
    closed = true
    wake()
  }

  /** True once [close] was called (messages may still be queued). */
  val isClosed: Boolean get() = closed

  /** The next message if one is queued, else null; never suspends. Consumer only. */
  fun poll(): Any? {
    stash?.let {
      stash = null
      return it
    }
    takeHead()?.let { return it }
    val x = queue?.poll() ?: return null
    // The producer may have set head (then queued x behind it) after the read above: head is the older one.
    val h = takeHead() ?: return x
    stash = x
    return h
  }

  private fun takeHead(): Any? {
    val h = head ?: return null
    head = null
    return h
  }

  /** The next message, or null once closed and drained; suspends while empty. Inlined: no frame per call. */
  @Suppress("NOTHING_TO_INLINE")
  suspend inline fun receiveOrNull(): Any? {
    while (true) {
      poll()?.let { return it }
      if (isClosed) return poll()
      awaitMessage()
    }
  }

  private fun ready(): Boolean = closed || stash != null || head != null || queue?.isEmpty() == false

  /**
   * Suspends until a message or [close] may have arrived (returns at once if one has); throws CancellationException
   * if the caller's job is cancelled before or during the wait. Consumer only.
   */
  suspend fun awaitMessage(): Unit = suspendCoroutineUninterceptedOrReturn { c ->
    val job = if (c === lastWaiter) hookedJob else jobOf(c)
    if (job != null && cancelled === job) c.context.ensureActive() // throws
    val stamp = register(c)
    // From here on a waker may already have resumed c on another thread, which may read and wait again: this thread
    // only checks and tries its own stamp's take-back, and otherwise leaves the coroutine to that thread.
    if (ready() || (job != null && cancelled === job)) {
      // Raced with offer, close or cancel: take the wait back unless the other side took it to resume it.
      if (takeBack(stamp)) {
        if (job != null && cancelled === job) c.context.ensureActive()
        return@suspendCoroutineUninterceptedOrReturn Unit
      }
    }
    COROUTINE_SUSPENDED
  }

  /**
   * Hooks the caller's job and remembers its continuation before its first [awaitMessage], so that waits in a loop
   * of that caller find both known (no branch the JIT would see first during a burst of new connections).
   */
  suspend fun prime(): Unit = suspendCoroutineUninterceptedOrReturn { c ->
    jobOf(c)
    Unit
  }

  /**
   * Before any wait: [job] tells this inbox of its cancellation itself, through [jobCancelling], so waits in it need
   * no completion handler (a connection coroutine of our own does: one handler node less per connection). Called
   * after [job] can tell it: a cancellation before that is seen here.
   */
  fun cancelledBy(job: Job) {
    hookedJob = job
    if (job.isCancelled) cancelled = job
  }

  /** [c]'s job, hooked so that its cancellation wakes a wait (the hook moves when the job changes). */
  @OptIn(InternalCoroutinesApi::class)
  private fun jobOf(c: Continuation<Unit>): Job? {
    lastWaiter = c
    val job = c.context[Job]
    if (job === hookedJob) return job
    hook?.dispose()
    hook = null
    hookedJob = job
    // onCancelling: the hook runs as soon as the job is cancelled, not once it completed; at once if it is already.
    hook = job?.let { j ->
      j.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { cause ->
        if (cause != null) jobCancelling(j, cause)
      }
    }
    return job
  }

  /** Marks [job] cancelled and resumes its waiter, if one is suspended, with the cancellation (cancelling thread). */
  fun jobCancelling(job: Job, cause: Throwable) {
    cancelled = job
    val c = takeIf { it.context[Job] === job } ?: return
    val e = cause as? CancellationException ?: CancellationException("job cancelled: $cause", cause)
    c.intercepted().resumeWithException(e)
  }

  private fun wake() {
    val c = take() ?: return // a waiter that arrives later sees the message (ready()) before it suspends
    c.intercepted().resume(Unit)
  }
}

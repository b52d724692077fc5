package io.pulse.kotlin

import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.ThreadContextElement
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory

/**
 * The coroutine life of one endpoint (server or client). [job] is a child of the caller's job: it stays active
 * until the endpoint is cancelled or closed, then closes the Java endpoint on a `pulse-close` thread (never on the
 * cancelling thread, never on a loop) and completes once that close returned and every connection coroutine ended.
 * Connection coroutines live under [connections], a supervisor child of [job]: one failing closes only its own.
 */
internal class Lifecycle(context: CoroutineContext, name: String) {
  @Volatile private var endpoint: AutoCloseable? = null
  private val closed = CountDownLatch(1)
  private val failure = CompletableDeferred<Unit>()

  /** The endpoint's job: active while it runs, complete once it is closed. */
  val job: Job = CoroutineScope(context.minusKey(ContinuationInterceptor) + CoroutineName(name)).launch(
    Dispatchers.Unconfined, CoroutineStart.UNDISPATCHED,
  ) {
    try {
      awaitCancellation()
    } finally {
      withContext(NonCancellable) { closeOnOwnThread() }
    }
  }

  /** The parent of every connection coroutine. */
  val connections: CompletableJob = SupervisorJob(job)

  /** Marks threads running this endpoint's handlers on a chosen dispatcher (null on the loop dispatcher). */
  val marker: ThreadContextElement<Any?> = HandlerThread.asContextElement(this)

  /** Set once the Java endpoint is open; closed when [job] ends. */
  fun opened(e: AutoCloseable) {
    endpoint = e
    if (job.isCancelled) e.close() // cancelled while opening (close is idempotent)
  }

  /** Starts closing from any thread without blocking it; [awaitClosed] or [job] tells when it is done. */
  fun startClose() {
    job.cancel()
  }

  /**
   * Starts closing, then waits for the Java endpoint's close unless called from this endpoint's own loop or
   * handler threads (which the close waits for: there it only starts it).
   */
  fun close() {
    startClose()
    if (!onOwnThread()) closed.await(30, TimeUnit.SECONDS)
  }

  /** The Java endpoint is closing by itself (its own close()): end the coroutines while the loops still run. */
  fun javaClosing() {
    job.cancel()
    if (!onOwnThread()) awaitConnections()
  }

  private fun onOwnThread(): Boolean =
    HandlerThread.get() === this || Thread.currentThread().name.startsWith("pulse-loop-")

  private fun awaitConnections() {
    val done = CountDownLatch(1)
    connections.invokeOnCompletion { done.countDown() }
    if (!done.await(10, TimeUnit.SECONDS)) log.warn("connection coroutines still running 10 s after close")
  }

  private suspend fun closeOnOwnThread() {
    val t = Thread({
      try {
        connections.cancel()
        awaitConnections() // their finally blocks run on the loops: close those after
        endpoint?.close()
        failure.complete(Unit)
      } catch (e: Throwable) {
        failure.completeExceptionally(e)
      } finally {
        closed.countDown()
      }
    }, "pulse-close")
    t.isDaemon = true
    t.start()
    failure.await() // a failed close fails the job, which reports to its parent
  }

  private companion object {
    val log = LoggerFactory.getLogger(Lifecycle::class.java)
    val HandlerThread = ThreadLocal<Any?>()
  }
}

/** The handlers' dispatcher from the DSL property, else from [context], else null (the connection's loop). */
internal fun handlerDispatcher(config: HandlerConfig<*>, context: CoroutineContext): CoroutineDispatcher? =
  config.dispatcher ?: context[ContinuationInterceptor] as? CoroutineDispatcher

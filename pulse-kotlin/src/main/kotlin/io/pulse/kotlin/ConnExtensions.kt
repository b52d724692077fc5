package io.pulse.kotlin

import io.pulse.Conn
import io.pulse.Timer
import kotlin.time.toJavaDuration
import java.io.IOException
import java.nio.ByteBuffer
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher

/**
 * Sends [data], suspending while the connection is above its high water mark instead of queueing without bound.
 * Throws [IOException] if the connection is closed, IllegalStateException on a connection not served by a
 * [pulseServer] or [pulseClient] (use `write` there). Cancelling the caller leaves nothing registered.
 */
@Throws(IOException::class)
public suspend fun Conn.send(data: ByteBuffer) {
  // The writable case completes here, in no coroutine frame of its own (the slow path is a tail call).
  if (isWritable) {
    if (!write(data)) throw closed()
    return
  }
  return whenWritable { write(data) }
}

/**
 * Encodes [msg] with the connection's codec and sends it, suspending like [send] while the peer is slow.
 * Throws [IOException] if the connection is closed.
 */
@Throws(IOException::class)
public suspend fun Conn.sendMessage(msg: Any) {
  if (isWritable) {
    if (!writeMessage(msg)) throw closed()
    return
  }
  return whenWritable { writeMessage(msg) }
}

private fun Conn.closed() = IOException("connection ${id()} is closed")

/** Suspends while the connection is over its high water mark, then runs [write]; false from it means closed. */
private suspend fun Conn.whenWritable(write: () -> Boolean) {
  if (!isWritable) {
    val session = checkNotNull(ConnSession.of(this)) {
      "connection ${id()} is not served by pulseServer/pulseClient: it cannot wait for writability (use write)"
    }
    while (!isWritable) {
      if (!isOpen) throw closed()
      session.awaitWritable()
    }
  }
  if (!write()) throw closed()
}

/** Sends [data]; see [send]. */
@Throws(IOException::class)
public suspend fun Conn.send(data: ByteArray): Unit = send(ByteBuffer.wrap(data))

/** Sends [text] as UTF-8; see [send]. */
@Throws(IOException::class)
public suspend fun Conn.send(text: String): Unit = send(text.toByteArray(Charsets.UTF_8))

/**
 * The job of this connection's coroutine, a child of its server's (or client's) job: cancelling it closes the
 * connection. Throws IllegalStateException on a connection not served by pulse-kotlin or whose coroutine ended.
 */
public val Conn.job: Job
  get() = checkNotNull(ConnSession.of(this)?.job) { "connection ${id()} has no running coroutine" }

/** Suspends until this connection is closed and its coroutine (handlers and onClose) ended. */
public suspend fun Conn.awaitClosed() {
  val job = ConnSession.of(this)?.job
  if (job != null) {
    job.join()
  } else {
    check(!isOpen) { "connection ${id()} is not served by pulseServer/pulseClient" }
  }
}

/** This connection's event loop as a dispatcher: coroutines on it run with no thread hand-off. */
public val Conn.loopDispatcher: CoroutineDispatcher
  get() = executor().asCoroutineDispatcher()

/** Closes the connection with a `ConnTimeoutException` if nothing is read within [timeout]; zero clears it. */
public fun Conn.readDeadline(timeout: kotlin.time.Duration): Unit = readDeadline(timeout.toJavaDuration())

/** Closes the connection with a `ConnTimeoutException` if pending writes do not drain within [timeout]. */
public fun Conn.writeDeadline(timeout: kotlin.time.Duration): Unit = writeDeadline(timeout.toJavaDuration())

/** Runs [task] on the connection's loop after [delay] (it must not block); the returned timer cancels it. */
public fun Conn.runAfter(delay: kotlin.time.Duration, task: () -> Unit): Timer = runAfter(delay.toJavaDuration(), task)

/** Runs [task] on the connection's loop every [period] until cancelled or the connection closes. */
public fun Conn.runEvery(period: kotlin.time.Duration, task: () -> Unit): Timer = runEvery(period.toJavaDuration(), task)

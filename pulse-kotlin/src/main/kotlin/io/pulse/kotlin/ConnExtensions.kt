package io.pulse.kotlin

import io.pulse.Conn
import java.io.IOException
import java.nio.ByteBuffer
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.yield

/**
 * Sends [data], suspending while the connection is above its high water mark instead of queueing without bound.
 * Throws [IOException] if the connection is closed. Cancelling the caller leaves nothing registered.
 */
public suspend fun Conn.send(data: ByteBuffer): Unit = whenWritable { write(data) }

/**
 * Encodes [msg] with the connection's codec and sends it, suspending like [send] while the peer is slow.
 * Throws [IOException] if the connection is closed.
 */
public suspend fun Conn.sendMessage(msg: Any): Unit = whenWritable { writeMessage(msg) }

/** Suspends while the connection is over its high water mark, then runs [write]; false from it means closed. */
private suspend inline fun Conn.whenWritable(write: () -> Boolean) {
  val session = ConnSession.of(this)
  while (!isWritable) {
    if (!isOpen) throw IOException("connection ${id()} is closed")
    if (session != null) session.awaitWritable() else yield()
  }
  if (!write()) throw IOException("connection ${id()} is closed")
}

/** Sends [data]; see [send]. */
public suspend fun Conn.send(data: ByteArray): Unit = send(ByteBuffer.wrap(data))

/** Sends [text] as UTF-8; see [send]. */
public suspend fun Conn.send(text: String): Unit = send(text.toByteArray(Charsets.UTF_8))

/** This connection's event loop as a dispatcher: coroutines on it run with no thread hand-off. */
public val Conn.loopDispatcher: CoroutineDispatcher
  get() = executor().asCoroutineDispatcher()

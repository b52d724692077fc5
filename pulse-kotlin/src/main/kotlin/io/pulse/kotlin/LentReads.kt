package io.pulse.kotlin

import java.nio.ByteBuffer

/**
 * One loop's buffer for lent raw reads ([HandlerConfig.lendReads]): a read is copied into it and offered to the
 * connection's coroutine, which on the loop dispatcher handles it at once; once the handler returned, the buffer
 * serves the next read, so traffic that keeps up allocates nothing per message. A read still held when the offer
 * returns (its handler suspended, or it waits in the queue) keeps its buffer, and the next read gets a new one.
 * Loop thread only.
 */
internal class LentReads(private val readBufferSize: Int) {
  private var buffer: ByteBuffer? = null

  /** Set while a read is being offered: a read arriving inside a handler (nested) is copied instead. */
  private var offering = false

  /** Offers [read] to [session] in this loop's buffer and consumes it; false (nothing done) if nested. */
  fun offer(session: ConnSession, read: ByteBuffer): Boolean {
    if (offering) return false
    val n = read.remaining()
    var b = buffer
    if (b == null || b.capacity() < n) {
      // After a hand-over start small (a held read keeps its whole buffer alive); grow once to a whole read.
      b = ByteBuffer.allocate(if (b == null) maxOf(n, FIRST_SIZE) else maxOf(n, readBufferSize))
    }
    b.clear()
    b.put(read).flip()
    buffer = null // not reused unless the offer shows the handler is done with it (also if the offer throws)
    val queued = session.queuedCount
    offering = true
    try {
      session.offer(b)
    } finally {
      offering = false
    }
    // Back to the same count: the handler took this read and returned (onData counts a message out only then).
    if (session.queuedCount == queued) buffer = b
    return true
  }

  private companion object {
    const val FIRST_SIZE = 512
  }
}

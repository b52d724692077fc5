package io.pulse.kotlin

import java.io.EOFException
import java.io.IOException
import java.nio.ByteBuffer

/**
 * Suspending reads from one connection's byte stream, for protocols without a codec (see `onStream`). Reading from
 * the peer pauses while the reader holds `inboundCapacity` unread chunks, so a slow reader loses nothing and buffers
 * a bounded amount. Not thread-safe: use it from the connection's coroutine only.
 */
public class ByteReader internal constructor(private val session: ConnSession) {
  private var chunk: ByteBuffer = EMPTY
  private var eof = false

  /** True once the peer finished sending and every byte was read. */
  public val isClosedForRead: Boolean get() = !chunk.hasRemaining() && eof

  /**
   * Reads up to `\n` and returns the line without it (and without a `\r` before it), decoded as UTF-8; null at the
   * end of the stream with nothing read. Throws [IOException] if no `\n` comes within [max] bytes.
   */
  public suspend fun readLine(max: Int = 8192): String? {
    require(max > 0) { "max <= 0: $max" }
    var line: ByteArray? = null
    var len = 0
    while (true) {
      if (!chunk.hasRemaining() && !fill()) {
        return if (len == 0 && line == null) null else decodeLine(line!!, len)
      }
      val start = chunk.position()
      val limit = chunk.limit()
      var i = start
      while (i < limit && chunk.get(i) != NL) i++
      val n = i - start
      if (len + n > max) throw IOException("line longer than $max bytes")
      if (line == null) line = ByteArray(minOf(max, maxOf(64, n)))
      if (line.size < len + n) line = line.copyOf(minOf(max, maxOf(line.size * 2, len + n)))
      chunk.get(line, len, n)
      len += n
      if (i < limit) {
        chunk.get() // the '\n'
        return decodeLine(line, len)
      }
    }
  }

  private fun decodeLine(b: ByteArray, len: Int): String {
    val end = if (len > 0 && b[len - 1] == CR) len - 1 else len
    return String(b, 0, end, Charsets.UTF_8)
  }

  /** Reads exactly [n] bytes; throws [EOFException] if the stream ends first. */
  public suspend fun readExactly(n: Int): ByteArray {
    require(n >= 0) { "n < 0: $n" }
    val out = ByteArray(n)
    var off = 0
    while (off < n) {
      if (!chunk.hasRemaining() && !fill()) throw EOFException("stream ended after $off of $n bytes")
      val k = minOf(n - off, chunk.remaining())
      chunk.get(out, off, k)
      off += k
    }
    return out
  }

  /** Reads a big-endian 32-bit integer; throws [EOFException] if the stream ends first. */
  public suspend fun readInt(): Int {
    if (chunk.remaining() >= 4) return chunk.getInt()
    return ByteBuffer.wrap(readExactly(4)).getInt()
  }

  /** Reads a big-endian 64-bit integer; throws [EOFException] if the stream ends first. */
  public suspend fun readLong(): Long {
    if (chunk.remaining() >= 8) return chunk.getLong()
    return ByteBuffer.wrap(readExactly(8)).getLong()
  }

  /** Reads one byte; throws [EOFException] at the end of the stream. */
  public suspend fun readByte(): Byte {
    if (!chunk.hasRemaining() && !fill()) throw EOFException("stream ended")
    return chunk.get()
  }

  /**
   * Copies what is available (at least one byte, suspending until there is one) into [dst], up to its remaining
   * space; returns the count, or -1 at the end of the stream.
   */
  public suspend fun readAvailable(dst: ByteBuffer): Int {
    if (!dst.hasRemaining()) return 0
    if (!chunk.hasRemaining() && !fill()) return -1
    val k = minOf(dst.remaining(), chunk.remaining())
    val slice = chunk.slice()
    slice.limit(k)
    dst.put(slice)
    chunk.position(chunk.position() + k)
    return k
  }

  /** Like [readAvailable] into [dst] from [offset] up to [length] bytes. */
  public suspend fun readAvailable(dst: ByteArray, offset: Int = 0, length: Int = dst.size - offset): Int {
    if (offset < 0 || length < 0 || offset + length > dst.size) {
      throw IndexOutOfBoundsException("offset $offset, length $length, size ${dst.size}")
    }
    return readAvailable(ByteBuffer.wrap(dst, offset, length))
  }

  /** Takes the next chunk from the connection; false at the end of the stream. */
  private suspend fun fill(): Boolean {
    if (eof) return false
    while (true) {
      val next = session.inbound.receiveOrNull()
      if (next == null) {
        eof = true
        return false
      }
      session.consumed()
      chunk = next as ByteBuffer
      if (chunk.hasRemaining()) return true
    }
  }

  private companion object {
    val EMPTY: ByteBuffer = ByteBuffer.allocate(0)
    const val NL = '\n'.code.toByte()
    const val CR = '\r'.code.toByte()
  }
}

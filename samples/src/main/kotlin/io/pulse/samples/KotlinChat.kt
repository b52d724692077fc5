package io.pulse.samples

import io.pulse.Conn
import io.pulse.kotlin.PulseKServer
import io.pulse.kotlin.pulseServer
import io.pulse.kotlin.send
import java.nio.ByteBuffer
import java.util.concurrent.ConcurrentHashMap

/**
 * A line-based chat room: every line a client sends reaches all the others as "name: line"; `/nick NAME` renames.
 * Each connection is a coroutine; a broadcast suspends on a slow member instead of queueing without bound.
 */
class KotlinChat(host: String, port: Int, loops: Int?) : AutoCloseable {
  private val members = ConcurrentHashMap<Conn, Member>()
  val server: PulseKServer = pulseServer {
    this.host = host
    this.port = port
    loops?.let { this.loops = it }
    onOpen { conn ->
      members[conn] = Member("user${conn.id()}")
      conn.send("welcome, user${conn.id()}; /nick NAME to rename\n")
    }
    onData { conn, msg -> members[conn]?.let { received(conn, it, msg) } }
    onClose { conn, _ -> members.remove(conn)?.let { broadcast(conn, "* ${it.name} left\n") } }
  }

  private class Member(@Volatile var name: String) {
    val partial = StringBuilder()
  }

  private suspend fun received(conn: Conn, m: Member, msg: ByteBuffer) {
    m.partial.append(Charsets.UTF_8.decode(msg))
    while (true) {
      val nl = m.partial.indexOf("\n")
      if (nl < 0) break
      val line = m.partial.substring(0, nl).trimEnd('\r')
      m.partial.delete(0, nl + 1)
      if (line.startsWith("/nick ")) {
        val old = m.name
        m.name = line.removePrefix("/nick ").trim().ifEmpty { old }
        broadcast(null, "* $old is now ${m.name}\n")
      } else if (line.isNotEmpty()) {
        broadcast(conn, "${m.name}: $line\n")
      }
    }
  }

  /** Sends [text] to every member but [from]. */
  private suspend fun broadcast(from: Conn?, text: String) {
    val bytes = text.toByteArray(Charsets.UTF_8)
    for (c in members.keys) if (c != from && c.isOpen) runCatching { c.send(bytes) }
  }

  override fun close() = server.close()
}

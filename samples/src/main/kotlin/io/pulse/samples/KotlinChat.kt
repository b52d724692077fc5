package io.pulse.samples

import io.pulse.Conn
import io.pulse.kotlin.PulseKServer
import io.pulse.kotlin.pulseServer
import io.pulse.kotlin.send
import java.io.IOException
import java.util.concurrent.ConcurrentHashMap

/**
 * A line-based chat room: every line a client sends reaches all the others as "name: line"; `/nick NAME` renames.
 * Each connection is a coroutine reading lines with the suspending byte reader; a broadcast suspends on a slow
 * member instead of queueing without bound.
 */
class KotlinChat(host: String, port: Int, loops: Int?) : AutoCloseable {
  private val names = ConcurrentHashMap<Conn, String>()
  val server: PulseKServer = pulseServer {
    this.host = host
    this.port = port
    loops?.let { this.loops = it }
    onStream { conn, input ->
      var name = "user${conn.id()}"
      names[conn] = name
      conn.send("welcome, $name; /nick NAME to rename\n")
      while (true) {
        val line = input.readLine(MAX_LINE) ?: break // a longer line closes the connection with an error
        if (line.startsWith("/nick ")) {
          val old = name
          name = line.removePrefix("/nick ").trim().ifEmpty { old }
          names[conn] = name
          broadcast(null, "* $old is now $name\n")
        } else if (line.isNotEmpty()) {
          broadcast(conn, "$name: $line\n")
        }
      }
    }
    onClose { conn, _ -> names.remove(conn)?.let { broadcast(conn, "* $it left\n") } }
  }

  /** Sends [text] to every member but [from]. */
  private suspend fun broadcast(from: Conn?, text: String) {
    val bytes = text.toByteArray(Charsets.UTF_8)
    for (c in names.keys) {
      if (c == from) continue
      try {
        c.send(bytes)
      } catch (e: IOException) {
        // That member left meanwhile; its own onClose announces it. Cancellation is not caught: it propagates.
      }
    }
  }

  override fun close() = server.close()

  private companion object {
    const val MAX_LINE = 4096
  }
}

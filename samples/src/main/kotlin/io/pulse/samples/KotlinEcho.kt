package io.pulse.samples

import io.pulse.kotlin.pulseServer
import io.pulse.kotlin.send

/** The Kotlin echo server: one coroutine per connection, `send` suspends while the peer is slow. */
fun kotlinEcho(host: String, port: Int, loops: Int?) = pulseServer {
  this.host = host
  this.port = port
  loops?.let { this.loops = it }
  onData { conn, msg -> conn.send(msg) }
}

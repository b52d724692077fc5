package io.pulse.bench.servers

import io.pulse.Transport
import io.pulse.kotlin.pulseServer
import io.pulse.kotlin.send
import kotlinx.coroutines.Dispatchers

/**
 * The Kotlin DSL echo server: one coroutine per connection on the loop's dispatcher or on Dispatchers.Default; with
 * [lend], reads are lent to the handler (`lendReads`), as the Java callback's are, instead of copied.
 */
object KotlinEcho {
  @JvmStatic
  fun start(port: Int, onLoop: Boolean, lend: Boolean): AutoCloseable = pulseServer {
    this.port = port
    loops = 1
    transport = Transport.EPOLL
    readBufferSize = 16 * 1024
    if (!onLoop) dispatcher = Dispatchers.Default
    lendReads = lend
    onData { conn, msg -> conn.send(msg) }
  }
}

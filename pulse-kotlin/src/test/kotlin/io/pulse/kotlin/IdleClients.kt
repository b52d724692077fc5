package io.pulse.kotlin

import java.net.InetSocketAddress
import java.nio.channels.SocketChannel

/**
 * A child process that opens connections and leaves them idle, so the test JVM's heap holds only the server side.
 * Arguments: port, count. Prints `holding N`, then waits until its stdin closes.
 */
object IdleClients {
  @JvmStatic
  fun main(args: Array<String>) {
    val port = args[0].toInt()
    val held = (1..args[1].toInt()).map { SocketChannel.open(InetSocketAddress("127.0.0.1", port)) }
    println("holding ${held.size}")
    System.out.flush()
    while (System.`in`.read() >= 0) {
      // wait for stdin to close
    }
  }
}

package io.pulse.samples

import io.pulse.kotlin.PulseKServer
import io.pulse.kotlin.WsMessage
import io.pulse.kotlin.pulseServer
import io.pulse.websocket.WebSocket

/**
 * HTTP and WebSocket in the Kotlin DSL: `GET /plaintext` answers "Hello, World!"; on `/chat` every text message
 * reaches every member (a WebSocket per coroutine, pulling its messages; the broadcast goes through a conns group).
 */
fun kotlinHttp(host: String, port: Int, loops: Int?): PulseKServer {
  lateinit var server: PulseKServer
  server = pulseServer {
    this.host = host
    this.port = port
    loops?.let { this.loops = it }
    http {
      get("/plaintext") { ok("Hello, World!") }
      webSocket("/chat") { ws ->
        server.conns.join("chat", ws.conn)
        ws.send("joined")
        for (msg in ws.incoming) {
          if (msg is WsMessage.Text) WebSocket.broadcast(server.conns, "chat", msg.text)
        }
      }
    }
  }
  return server
}

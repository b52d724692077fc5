package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.pulse.Transport
import io.pulse.testing.Requires
import io.pulse.websocket.WebSocket
import java.net.DatagramPacket
import java.net.DatagramSocket
import java.net.InetSocketAddress
import java.net.Socket
import java.nio.file.Files
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** UDS, UDP, HTTP and WebSocket through the DSL, with their real clients (nc, curl, npm ws). */
class NetDslTest : FunSpec({

  for (t in listOf(Transport.EPOLL, Transport.NIO)) {
    test("$t: HTTP routes answer curl, and a suspending WebSocket handler echoes the npm ws client") {
        Requires.tools("curl", "node")
        Tools.requireWs()
        pulseServer {
          transport = t
          http {
            get("/plaintext") { ok("Hello, World!") }
            post("/echo-body") { text(201, request.bodyText()) }
            webSocket("/echo") { ws ->
              for (msg in ws.incoming) {
                delay(1) // suspends without holding the loop
                when (msg) {
                  is WsMessage.Text -> if (msg.text == "bye") return@webSocket else ws.send(msg.text)
                  is WsMessage.Binary -> ws.send(msg.bytes)
                }
              }
            }
          }
        }.use { server ->
          val base = "http://127.0.0.1:${server.port}"
          Tools.run(20, "curl", "-s", "$base/plaintext") shouldBe (0 to "Hello, World!")
          Tools.run(20, "curl", "-s", "-w", " %{http_code}", "-d", "posted", "$base/echo-body") shouldBe
            (0 to "posted 201")
          Tools.run(20, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "$base/nothing") shouldBe (0 to "404")
          val (code, out) = Tools.run(25, "node", Tools.js.resolve("kotlin-ws.js").toString(), "${server.port}", "echo")
          code shouldBe 0
          out shouldContain """"text":"héllo","textIsBinary":false,"binaryEqual":true,"code":1000"""
        }
      }

    test("$t: a WebSocket chat broadcasts to every member through conns groups") {
        Requires.tools("node")
        Tools.requireWs()
        val serverRef = CompletableDeferred<PulseKServer>()
        pulseServer {
          transport = t
          http {
            webSocket("/chat") { ws ->
              val conns = serverRef.await().conns
              conns.join("chat", ws.conn)
              ws.send("joined")
              for (msg in ws.incoming) {
                if (msg is WsMessage.Text) WebSocket.broadcast(conns, "chat", msg.text)
              }
            }
          }
        }.use { server ->
          serverRef.complete(server)
          val (code, out) = Tools.run(25, "node", Tools.js.resolve("kotlin-ws.js").toString(), "${server.port}", "chat")
          code shouldBe 0
          out shouldContain """"got":[["hello from 0","hello from 1"],["hello from 0","hello from 1"]]"""
        }
      }

    test("$t: one server listens on TCP and a Unix domain socket; nc -U and a Kotlin client reach it") {
        Requires.openbsdNetcat()
        val dir = Files.createTempDirectory("pulse-kt-uds")
        val path = dir.resolve("echo.sock")
        try {
          pulseServer {
            transport = t
            listen("127.0.0.1", 0)
            listen(path)
            onStream { conn, input ->
              while (true) conn.send((input.readLine(1024) ?: break).uppercase() + "\n")
            }
          }.use { server ->
            server.localAddresses.size shouldBe 2
            Tools.run(20, "nc", "-N", "-U", path.toString(), input = "hello\nuds\n".toByteArray()) shouldBe
              (0 to "HELLO\nUDS\n")
            Socket("127.0.0.1", server.port).use { s ->
              s.getOutputStream().write("tcp\n".toByteArray())
              s.soTimeout = 10_000
              s.getInputStream().bufferedReader().readLine() shouldBe "TCP"
            }
            val reply = CompletableDeferred<String>()
            pulseClient {
              transport = t
              onStream { _, input -> reply.complete(input.readLine(100)!!) }
            }.use { client ->
              runBlocking {
                withTimeout(10.seconds) {
                  client.connect(path).send("kotlin\n")
                  reply.await()
                }
              } shouldBe "KOTLIN"
            }
          }
        } finally {
          Files.deleteIfExists(path)
          Files.deleteIfExists(dir)
        }
      }

    test("$t: pulseDatagram answers nc -u with a handler, and a pulled endpoint receives from a JDK socket") {
        Requires.openbsdNetcat()
        pulseDatagram {
          transport = t
          onDatagram { ep, d -> ep.send(String(d.data, Charsets.UTF_8).uppercase(), d.sender) }
        }.use { udp ->
          val (_, out) = Tools.run(20, "nc", "-u", "-w1", "127.0.0.1", "${udp.port}", input = "over udp\n".toByteArray())
          out shouldBe "OVER UDP\n"
        }
        pulseDatagram { transport = t }.use { udp ->
          DatagramSocket().use { s ->
            val payload = "pulled".toByteArray()
            s.send(DatagramPacket(payload, payload.size, InetSocketAddress("127.0.0.1", udp.port)))
            val d = runBlocking { withTimeout(10.seconds) { udp.incoming.receive() } }
            String(d.data) shouldBe "pulled"
            d.sender.port shouldBe s.localPort
          }
        }
      }
  }
})

package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.pulse.codec.LineCodec
import io.pulse.testing.TestCerts
import javax.net.ssl.SSLHandshakeException
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class TlsDslTest : FunSpec({

  test("a TLS coroutine client and server exchange lines and agree on ALPN") {
    val reply = CompletableDeferred<String>()
    pulseServer(LineCodec(1024)) {
      tls(TestCerts.serverContext()) { e ->
        e.sslParameters = e.sslParameters.apply { applicationProtocols = arrayOf("chat/1") }
      }
      onData { conn, line -> conn.sendMessage("${conn.applicationProtocol()}: $line") }
    }.use { server ->
      pulseClient(LineCodec(1024)) {
        tls(TestCerts.clientContext()) { e ->
          e.sslParameters = e.sslParameters.apply { applicationProtocols = arrayOf("chat/1") }
        }
        onData { _, line -> reply.complete(line) }
      }.use { client ->
        runBlocking {
          val conn = client.connect("localhost", server.port)
          conn.tlsSession().protocol shouldBe "TLSv1.3"
          conn.sendMessage("hello")
          withTimeout(10.seconds) { reply.await() } shouldBe "chat/1: hello"
        }
      }
    }
  }

  test("an untrusted server certificate fails connect") {
    pulseServer { tls(TestCerts.serverContext()); onData { conn, msg -> conn.send(msg) } }.use { server ->
      pulseClient { tls(TestCerts.untrustingClientContext()) }.use { client ->
        val r = runBlocking { runCatching { client.connect("127.0.0.1", server.port) } }
        (r.exceptionOrNull() is SSLHandshakeException) shouldBe true
      }
    }
  }
})

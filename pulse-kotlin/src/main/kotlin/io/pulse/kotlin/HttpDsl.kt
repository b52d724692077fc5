package io.pulse.kotlin

import io.pulse.http.HttpCallback
import io.pulse.http.HttpRequest
import io.pulse.http.HttpResponse
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration

/**
 * HTTP/1.1 routes and WebSocket endpoints of a [pulseServer] (`http { get("/plaintext") { ok("Hello") } }`): exact
 * paths, keep-alive, pipelining, and the Java `HttpCallback`'s limits. Route handlers run on the connection's loop
 * and must not block; WebSocket handlers are suspending coroutines (see [webSocket]).
 */
@PulseDsl
public class HttpRoutes internal constructor() {
  private val java = HttpCallback.builder()
  internal val sockets = mutableMapOf<String, suspend (WebSocketSession) -> Unit>()

  /** Longest request line in bytes; longer ones get 414 (default 8 KiB). */
  public var maxRequestLineBytes: Int = 8 shl 10

  /** Most header bytes; more get 431 (default 16 KiB). */
  public var maxHeaderBytes: Int = 16 shl 10

  /** Largest request body in bytes; larger ones get 413 (default 1 MiB). */
  public var maxBodyBytes: Int = 1 shl 20

  /** Largest WebSocket message in bytes; larger ones close the WebSocket with 1009 (default 16 MiB). */
  public var maxMessageBytes: Int = 16 shl 20

  /** A connection whose first request has not arrived by then gets 408 (default 10 s; zero: no limit). */
  public var firstRequestTimeout: Duration = 10.seconds

  /** How long a WebSocket closed by this side waits for the peer's close frame (default 5 s). */
  public var closeTimeout: Duration = 5.seconds

  /** Answers [method] requests to exactly [path] (HEAD falls back to GET); [handler] runs on the loop. */
  public fun route(method: String, path: String, handler: HttpCall.() -> HttpResponse) {
    java.route(method, path) { HttpCall(it).handler() }
  }

  /** Answers GET (and HEAD) requests to [path]; see [route]. */
  public fun get(path: String, handler: HttpCall.() -> HttpResponse) {
    route("GET", path, handler)
  }

  /** Answers POST requests to [path]; see [route]. */
  public fun post(path: String, handler: HttpCall.() -> HttpResponse) {
    route("POST", path, handler)
  }

  /**
   * Upgrades requests to [path] to WebSocket and runs [handler] in a coroutine per socket (on the server's handler
   * dispatcher): `for (msg in ws.incoming) ws.send(...)`. The socket closes normally when the handler returns.
   */
  public fun webSocket(path: String, handler: suspend (ws: WebSocketSession) -> Unit) {
    require(path.startsWith("/")) { "path must start with '/': $path" }
    sockets[path] = handler
  }

  internal fun build(sockets: WebSocketBridge?): HttpCallback {
    java.maxRequestLineBytes(maxRequestLineBytes).maxHeaderBytes(maxHeaderBytes).maxBodyBytes(maxBodyBytes)
      .maxMessageBytes(maxMessageBytes).firstRequestTimeout(firstRequestTimeout.toJavaDuration())
      .closeTimeout(closeTimeout.toJavaDuration())
    sockets?.let { bridge -> this.sockets.forEach { (path, h) -> java.webSocket(path, bridge.callback(h)) } }
    return java.build()
  }
}

/** One HTTP request being answered: the [request] and shorthands for common responses. */
@PulseDsl
public class HttpCall internal constructor(
  /** The request: method, path, query, headers, body. */
  public val request: HttpRequest,
) {
  /** 200 with [text] as `text/plain; charset=utf-8`. */
  public fun ok(text: String): HttpResponse = HttpResponse.ok(text)

  /** [status] with [text] as `text/plain; charset=utf-8`. */
  public fun text(status: Int, text: String): HttpResponse = HttpResponse.text(status, text)

  /** 200 with [html] as `text/html; charset=utf-8`. */
  public fun html(html: String): HttpResponse = HttpResponse.html(html)

  /** [status] with no body; add headers or a body with the Java builder methods. */
  public fun status(status: Int): HttpResponse = HttpResponse.of(status)
}

package io.pulse.kotlin

import io.pulse.Conn
import io.pulse.http.HttpCallback
import io.pulse.internal.http.AsyncRoute
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import io.pulse.http.HttpRequest
import io.pulse.http.HttpResponse
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration

/**
 * HTTP/1.1 routes and WebSocket endpoints of a [pulseServer] (`http { get("/plaintext") { ok("Hello") } }`): exact
 * paths, keep-alive, pipelining, and the Java `HttpCallback`'s limits. Route handlers and WebSocket handlers are
 * suspending, on the server's handler dispatcher (by default the connection's loop, where a handler that does not
 * suspend answers at once, with no hand-off). While a route handler is suspended its connection reads nothing more;
 * pipelined requests are answered in order after it.
 */
@PulseDsl
public class HttpRoutes internal constructor() {
  private val java = HttpCallback.builder()
  private val routes = mutableListOf<Triple<String, String, suspend HttpCall.() -> HttpResponse>>()
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

  /**
   * Answers [method] requests to exactly [path] (HEAD falls back to GET) with a suspending [handler]; what it
   * throws becomes a 500 and closes that connection.
   */
  public fun route(method: String, path: String, handler: suspend HttpCall.() -> HttpResponse) {
    require(path.startsWith("/")) { "path must start with '/': $path" }
    routes += Triple(method, path, handler)
  }

  /** Answers GET (and HEAD) requests to [path]; see [route]. */
  public fun get(path: String, handler: suspend HttpCall.() -> HttpResponse) {
    route("GET", path, handler)
  }

  /** Answers POST requests to [path]; see [route]. */
  public fun post(path: String, handler: suspend HttpCall.() -> HttpResponse) {
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

  internal fun build(sockets: WebSocketBridge, requests: HttpRequests): HttpCallback {
    for ((method, path, handler) in routes) java.route(method, path, requests.route(handler))
    java.maxRequestLineBytes(maxRequestLineBytes).maxHeaderBytes(maxHeaderBytes).maxBodyBytes(maxBodyBytes)
      .maxMessageBytes(maxMessageBytes).firstRequestTimeout(firstRequestTimeout.toJavaDuration())
      .closeTimeout(closeTimeout.toJavaDuration())
    this.sockets.forEach { (path, h) -> java.webSocket(path, sockets.callback(h)) }
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

/**
 * Runs route handlers as coroutines in [scope]: started at once on the loop (a handler that does not suspend answers
 * synchronously), or dispatched to [dispatcher]. A connection that closes cancels its pending handler.
 */
internal class HttpRequests(private val scope: CoroutineScope, private val dispatcher: CoroutineContext?) {
  private val pending = ConcurrentHashMap<Conn, Job>()

  fun route(handler: suspend HttpCall.() -> HttpResponse): AsyncRoute = AsyncRoute { request ->
    val answer = CompletableFuture<HttpResponse>()
    val job = if (dispatcher == null) {
      scope.launch(LoopDispatcher.of(request.conn()), CoroutineStart.UNDISPATCHED) { answer(request, handler, answer) }
    } else {
      scope.launch(dispatcher) { answer(request, handler, answer) }
    }
    if (!answer.isDone) {
      val conn = request.conn()
      pending[conn] = job
      answer.whenComplete { _, _ -> pending.remove(conn, job) }
    }
    answer
  }

  private suspend fun answer(
    request: io.pulse.http.HttpRequest,
    handler: suspend HttpCall.() -> HttpResponse,
    answer: CompletableFuture<HttpResponse>,
  ) {
    try {
      answer.complete(HttpCall(request).handler())
    } catch (e: Throwable) {
      answer.completeExceptionally(e)
      if (e is CancellationException) throw e
    }
  }

  /** The connection closed: cancel its pending handler, if any. */
  fun closed(conn: Conn) {
    pending.remove(conn)?.cancel(CancellationException("connection ${conn.id()} closed"))
  }
}

package io.pulse.kotlin

import io.pulse.Callback
import io.pulse.Conn
import io.pulse.http.HttpCallback
import io.pulse.websocket.WebSocket
import io.pulse.websocket.WebSocketCallback
import java.io.IOException
import java.nio.ByteBuffer
import java.util.concurrent.ConcurrentHashMap
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.channels.ChannelIterator
import kotlinx.coroutines.channels.ClosedReceiveChannelException
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import org.slf4j.LoggerFactory

/** A WebSocket message: [Text] or [Binary]. */
public sealed interface WsMessage {
  /** A text message. */
  public class Text(
    /** The text. */
    public val text: String,
  ) : WsMessage {
    override fun toString(): String = "Text($text)"
  }

  /** A binary message (a private copy of its bytes). */
  public class Binary(
    /** The bytes. */
    public val bytes: ByteArray,
  ) : WsMessage {
    override fun toString(): String = "Binary(${bytes.size} bytes)"
  }
}

/**
 * Messages pulled by one coroutine: `for (msg in incoming)`, [receive] or [receiveOrNull]. Reading from the peer
 * pauses while `inboundCapacity` messages wait. Not for several consumers at once.
 */
public class Incoming<out T : Any> internal constructor(private val session: ConnSession) {
  /** The next message, suspending while none is queued; null once the peer is done and all were taken. */
  public suspend fun receiveOrNull(): T? {
    val msg = session.inbound.receiveOrNull() ?: return null
    session.consumed()
    @Suppress("UNCHECKED_CAST") return msg as T
  }

  /** The next message; throws ClosedReceiveChannelException once the peer is done and all were taken. */
  public suspend fun receive(): T =
    receiveOrNull() ?: throw ClosedReceiveChannelException("connection ${session.conn.id()}: no more messages")

  /** Iterates until the peer is done: `for (msg in incoming) { ... }`. */
  public operator fun iterator(): ChannelIterator<T> = object : ChannelIterator<T> {
    private var next: T? = null

    override suspend fun hasNext(): Boolean {
      if (next == null) next = receiveOrNull()
      return next != null
    }

    override fun next(): T {
      val n = next ?: throw NoSuchElementException("call hasNext() first")
      next = null
      return n
    }
  }
}

/**
 * One WebSocket served by a coroutine (see [HttpRoutes.webSocket]): pull [incoming] messages, [send] suspending
 * while the peer is slow, [close] with a status code.
 */
public class WebSocketSession internal constructor(
  /** The Java WebSocket (any thread); its attachment slot is used by this session: use [attachment]. */
  public val socket: WebSocket,
  internal val session: ConnSession,
) {
  /** The messages from the peer, in order. */
  public val incoming: Incoming<WsMessage> = Incoming(session)

  /** Any object for the application (a user name, a room). */
  @Volatile public var attachment: Any? = null

  /** The underlying connection (address, timers, the handle for `conns.join`). */
  public val conn: Conn get() = socket.conn()

  /** The request path the upgrade came on. */
  public val path: String get() = socket.path()

  /** True until a close frame was sent or the connection closed. */
  public val isOpen: Boolean get() = socket.isOpen

  /** Sends [text] as one text frame, suspending while the peer is slow; throws [IOException] once closed. */
  @Throws(IOException::class)
  public suspend fun send(text: String) {
    awaitWritable()
    if (!socket.send(text)) throw IOException("WebSocket on connection ${conn.id()} is closed")
  }

  /** Sends [data] as one binary frame, suspending while the peer is slow; throws [IOException] once closed. */
  @Throws(IOException::class)
  public suspend fun send(data: ByteArray) {
    awaitWritable()
    if (!socket.send(data)) throw IOException("WebSocket on connection ${conn.id()} is closed")
  }

  private suspend fun awaitWritable() {
    while (!conn.isWritable && conn.isOpen) session.awaitWritable()
  }

  /** Starts the closing handshake with [code] and [reason] (default 1000, normal). Idempotent. */
  public fun close(code: Int = WebSocket.NORMAL, reason: String = "") {
    socket.close(code, reason)
  }
}

/** Gives each WebSocket a coroutine in [scope], on [dispatcher] (null: the connection's loop). */
internal class WebSocketBridge(
  private val scope: CoroutineScope,
  private val dispatcher: CoroutineContext?,
  private val capacity: Int,
) {
  private val sessions = ConcurrentHashMap<Conn, WebSocketSession>()

  /** A Java callback for one path's [handler]. */
  fun callback(handler: suspend (WebSocketSession) -> Unit): WebSocketCallback = object : WebSocketCallback {
    override fun onOpen(ws: WebSocket) {
      val conn = ws.conn()
      val s = WebSocketSession(ws, ConnSession(conn, capacity))
      ws.attach(s)
      sessions[conn] = s
      // Atomic, as in CoroutineBridge: a socket opened during cancellation still runs its handler and cleanup.
      val job = scope.launch(dispatcher ?: LoopDispatcher.of(conn), CoroutineStart.ATOMIC) {
        s.session.job = coroutineContext.job
        run(s, handler)
      }
      s.session.job = job
      job.invokeOnCompletion { sessions.remove(conn) }
    }

    override fun onMessage(ws: WebSocket, text: String) {
      (ws.attachment() as WebSocketSession).session.offer(WsMessage.Text(text))
    }

    override fun onMessage(ws: WebSocket, data: ByteBuffer) {
      val copy = ByteArray(data.remaining()).also { data.get(it) }
      (ws.attachment() as WebSocketSession).session.offer(WsMessage.Binary(copy))
    }

    override fun onClose(ws: WebSocket, code: Int, reason: String) {
      val s = ws.attachment() as WebSocketSession
      s.session.inbound.close()
      s.session.wakeWriter()
      if (code == WebSocket.ABNORMAL) s.session.job?.cancel(CancellationException("WebSocket closed abnormally"))
    }
  }

  private suspend fun run(s: WebSocketSession, handler: suspend (WebSocketSession) -> Unit) {
    try {
      handler(s)
      s.close()
    } catch (e: CancellationException) {
      s.close(WebSocket.GOING_AWAY, "")
      throw e
    } catch (e: Throwable) {
      log.warn("WebSocket on conn {}: handler threw; closing it", s.conn.id(), e)
      s.close(1011, "internal error")
    }
  }

  /** The connection can take more writes: wake its suspended sender. */
  fun writable(conn: Conn) {
    sessions[conn]?.session?.wakeWriter()
  }

  private companion object {
    val log = LoggerFactory.getLogger(WebSocketBridge::class.java)
  }
}

/** The Java HTTP callback, plus writability for suspended WebSocket senders. */
internal class HttpBridge(
  private val http: HttpCallback,
  private val sockets: WebSocketBridge,
  private val requests: HttpRequests,
) : Callback<ByteBuffer> {
  override fun onOpen(conn: Conn) = http.onOpen(conn)

  override fun onData(conn: Conn, msg: ByteBuffer) = http.onData(conn, msg)

  override fun onClose(conn: Conn, err: Throwable?) {
    requests.closed(conn)
    http.onClose(conn, err)
  }

  override fun onWritable(conn: Conn) = sockets.writable(conn)
}

package io.pulse.samples.redis;

import io.pulse.Callback;
import io.pulse.Conn;
import io.pulse.PulseServer;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Redis: string keys, expiry, pipelining, RESP2 over {@link RespCodec}. Every loop serves any key: the
 * {@link Store} is one shared concurrent map (simple, and GET/SET touch one bin each, so loops rarely contend).
 * With callbacks on the loop, a connection's replies to one read are gathered and written once, after the loop has
 * handled that turn's reads; in the other task modes each request's reply is written when it is ready.
 */
public final class MiniRedis implements Callback<byte[][]> {
  private static final Logger log = LoggerFactory.getLogger(MiniRedis.class);
  private static final Duration EXPIRY_PERIOD = Duration.ofMillis(100);

  private final RespCodec codec;
  private final Store store = new Store();
  private final boolean onLoop;
  private final Commands commands;
  private volatile PulseServer server; // set by serve(); requests may arrive just before

  /**
   * A server whose requests may hold {@code maxArgs} arguments of {@code maxArgBytes} each (beyond: an error reply),
   * and whose connection closes past {@code hardMaxArgs} or {@code hardMaxCommandBytes} (or on malformed input).
   * {@code callbacksOnLoop}: true when the server's task type is EVENT_LOOP.
   */
  public MiniRedis(int maxArgs, int maxArgBytes, int hardMaxArgs, long hardMaxCommandBytes, boolean callbacksOnLoop) {
    this.codec = new RespCodec(maxArgs, maxArgBytes, hardMaxArgs, hardMaxCommandBytes);
    this.onLoop = callbacksOnLoop;
    this.commands = new Commands(store, new Commands.Limits(maxArgs, maxArgBytes),
        () -> server == null ? 0 : server.connectionCount(), () -> server == null ? 0 : server.port());
  }

  /** The codec to build the server with: {@code PulseServer.builder(redis.codec())}. */
  public RespCodec codec() {
    return codec;
  }

  /** Starts serving on a bound {@code server} built with this callback: INFO statistics and active expiry. */
  public void serve(PulseServer server) {
    this.server = server;
    server.runEvery(EXPIRY_PERIOD, () -> commands.expiredKeys.add(store.expireSome(200, 2_000_000)));
  }

  @Override
  public void onOpen(Conn conn) {
    conn.session(new Session(conn));
  }

  @Override
  public void onData(Conn conn, byte[][] request) {
    Session s = (Session) conn.session();
    if (s.quit) return; // requests pipelined after QUIT are ignored, as in Redis
    String refused = RespCodec.refusal(request); // over a soft limit: skipped by the codec as it arrived
    if (refused != null) s.reply.error(refused);
    else s.quit = commands.execute(request, s.reply);
    if (!onLoop) {
      s.flush();
    } else if (!s.flushQueued) {
      s.flushQueued = true;
      s.loop.execute(s); // runs after this turn's reads: one write for all the replies
    }
  }

  @Override
  public void onClose(Conn conn, Throwable err) {
    if (err != null) log.info("connection {} closed: {}", conn.id(), err.toString());
  }

  /** One connection's pending replies; its run() is the deferred flush. Used on one thread at a time. */
  private static final class Session implements Runnable {
    final Conn conn;
    final Executor loop;
    final RespReply reply = new RespReply();
    boolean flushQueued;
    boolean quit;

    Session(Conn conn) {
      this.conn = conn;
      this.loop = conn.executor();
    }

    @Override
    public void run() {
      flushQueued = false;
      flush();
    }

    void flush() {
      if (reply.length() > 0) {
        conn.write(reply.array(), 0, reply.length());
        reply.reset();
      }
      if (quit) conn.close();
    }
  }
}

package io.pulse.bench.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.pulse.Callback;
import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Each benchmarked echo server, written the efficient way for its framework, on one event loop. */
public final class EchoServers {
  /** Every server kind, in table order. */
  public static final List<String> KINDS = List.of("pulse-epoll", "pulse-epoll-et", "pulse-epoll-worker", "pulse-epoll-perconn",
      "pulse-nio", "pulse-iouring", "kotlin-loop", "kotlin-loop-lent", "kotlin-default", "netty-epoll", "netty-nio",
      "netty-iouring", "jdk-vthreads", "c-epoll", "c-iouring",
      "pulse-epoll-uds", "netty-epoll-uds", "pulse-epoll-tls", "netty-epoll-tls", "pulse-epoll-ws", "netty-epoll-ws");
  /** The system property naming the PKCS12 key store of the TLS servers. */
  public static final String KEYSTORE_PROPERTY = "pulse.bench.keystore";
  /** The key store's password. */
  public static final char[] KEYSTORE_PASSWORD = "changeit".toCharArray();

  /** True for kinds that listen on a Unix domain socket (at {@link #udsPath}) instead of a TCP port. */
  public static boolean isUds(String kind) {
    return kind.endsWith("-uds");
  }

  /** The socket file a Unix-domain kind started with {@code port} listens on. */
  public static java.nio.file.Path udsPath(int port) {
    return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "pulse-bench-" + port + ".sock");
  }

  private EchoServers() {}

  /** Starts {@code kind} on 127.0.0.1:{@code port}; returns something to close (never for the JDK server). */
  public static AutoCloseable start(String kind, int port) throws Exception {
    switch (kind) {
      case "pulse-epoll": return pulse(Transport.EPOLL, TaskType.EVENT_LOOP, port);
      case "pulse-epoll-et": return pulse(Transport.EPOLL, TaskType.EVENT_LOOP, TriggerType.EDGE, port);
      case "pulse-epoll-worker": return pulse(Transport.EPOLL, TaskType.WORKER_POOL, port);
      case "pulse-epoll-perconn": return pulse(Transport.EPOLL, TaskType.PER_CONNECTION, port);
      case "pulse-nio": return pulse(Transport.NIO, TaskType.EVENT_LOOP, port);
      case "pulse-epoll-copy": { // not in KINDS: the Java callback keeping each message, as the Kotlin DSL does
        PulseServer s = PulseServer.builder().transport(Transport.EPOLL).loops(1).readBufferSize(16 * 1024)
            .callback(Callback.of((conn, data) -> {
              java.nio.ByteBuffer own = java.nio.ByteBuffer.allocate(data.remaining()).put(data).flip();
              conn.write(own);
            }))
            .bind("127.0.0.1", port);
        return s;
      }
      case "kotlin-loop": return KotlinEcho.start(port, true, false);
      case "kotlin-loop-lent": return KotlinEcho.start(port, true, true);
      case "kotlin-default": return KotlinEcho.start(port, false, false);
      case "netty-epoll": return netty(true, port);
      case "netty-iouring": return nettyTcp(IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class, port,
          new NettyEcho());
      case "pulse-iouring": return pulse(Transport.IO_URING, TaskType.EVENT_LOOP, port);
      case "pulse-epoll-tls": return pulseTls(port);
      case "netty-epoll-tls": return nettyTls(port);
      case "netty-epoll-ws": return NettyWsEcho.start(port);
      case "pulse-epoll-ws": return pulseWs(port);
      case "netty-nio": return netty(false, port);
      case "jdk-vthreads": return virtualThreads(port);
      case "pulse-epoll-uds": {
        PulseServer s = PulseServer.builder().transport(Transport.EPOLL).loops(1).readBufferSize(16 * 1024)
            .callback(Callback.of((conn, data) -> conn.write(data)))
            .bind(udsPath(port));
        return s;
      }
      case "netty-epoll-uds": return nettyUds(port);
      default: throw new IllegalArgumentException("unknown server kind: " + kind);
    }
  }

  private static AutoCloseable pulse(Transport t, TaskType mode, int port) throws Exception {
    return pulse(t, mode, TriggerType.LEVEL, port);
  }

  private static AutoCloseable pulse(Transport t, TaskType mode, TriggerType trigger, int port) throws Exception {
    PulseServer s = PulseServer.builder().transport(t).taskType(mode).triggerType(trigger).loops(1)
        .readBufferSize(16 * 1024)
        .callback(Callback.of((conn, data) -> conn.write(data)))
        .bind("127.0.0.1", port);
    return s;
  }

  /** Pulse EPOLL on one loop behind the JDK's SSLEngine. */
  private static AutoCloseable pulseTls(int port) throws Exception {
    return PulseServer.builder().transport(Transport.EPOLL).loops(1).readBufferSize(16 * 1024)
        .tls(serverContext())
        .callback(Callback.of((conn, data) -> conn.write(data)))
        .bind("127.0.0.1", port);
  }

  /** Pulse EPOLL on one loop with its HTTP/WebSocket callback: binary messages on /echo sent back. */
  private static AutoCloseable pulseWs(int port) throws Exception {
    io.pulse.http.HttpCallback ws = io.pulse.http.HttpCallback.builder()
        .webSocket("/echo", new io.pulse.websocket.WebSocketCallback() {
          @Override public void onMessage(io.pulse.websocket.WebSocket w, java.nio.ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            w.send(copy);
          }
        })
        .build();
    return PulseServer.builder().transport(Transport.EPOLL).loops(1).readBufferSize(16 * 1024).callback(ws)
        .bind("127.0.0.1", port);
  }

  /** Netty epoll on one loop with an SslHandler on the same JDK provider (like for like with Pulse). */
  private static AutoCloseable nettyTls(int port) throws Exception {
    SslContext ssl = SslContextBuilder.forServer(keyManagers()).sslProvider(SslProvider.JDK).build();
    NettyEcho echo = new NettyEcho();
    return nettyTcp(true, port, new ChannelInitializer<SocketChannel>() {
      @Override protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), echo);
      }
    });
  }

  /** A Netty server on one loop (epoll or NIO) at 127.0.0.1:{@code port}, each connection set up by {@code child}. */
  static AutoCloseable nettyTcp(boolean epoll, int port, ChannelHandler child) throws Exception {
    return epoll ? nettyTcp(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, port, child)
        : nettyTcp(NioIoHandler.newFactory(), NioServerSocketChannel.class, port, child);
  }

  /** A Netty server on one loop of {@code io} (epoll, NIO or io_uring) with server channel {@code channel}. */
  static AutoCloseable nettyTcp(IoHandlerFactory io, Class<? extends ServerChannel> channel, int port,
      ChannelHandler child) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
    new ServerBootstrap().group(group)
        .channel(channel)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(child)
        .bind("127.0.0.1", port).sync();
    return () -> group.shutdownGracefully().sync();
  }

  private static Path keyStorePath() {
    String p = System.getProperty(KEYSTORE_PROPERTY);
    if (p == null) throw new IllegalStateException("-D" + KEYSTORE_PROPERTY + " not set");
    return Path.of(p);
  }

  /** Loads the PKCS12 key store at {@code p}. */
  public static KeyStore loadKeyStore(Path p) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p)) {
      ks.load(in, KEYSTORE_PASSWORD);
    }
    return ks;
  }

  private static KeyManagerFactory keyManagers() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(loadKeyStore(keyStorePath()), KEYSTORE_PASSWORD);
    return kmf;
  }

  private static SSLContext serverContext() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keyManagers().getKeyManagers(), null, null);
    return ctx;
  }

  @ChannelHandler.Sharable
  static final class NettyEcho extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static AutoCloseable netty(boolean epoll, int port) throws Exception {
    return nettyTcp(epoll, port, new NettyEcho());
  }

  private static AutoCloseable nettyUds(int port) throws Exception {
    java.nio.file.Path path = udsPath(port);
    java.nio.file.Files.deleteIfExists(path);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    new ServerBootstrap().group(group)
        .channel(io.netty.channel.epoll.EpollServerDomainSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childHandler(new NettyEcho())
        .bind(new io.netty.channel.unix.DomainSocketAddress(path.toString())).sync();
    return () -> {
      group.shutdownGracefully().sync();
      java.nio.file.Files.deleteIfExists(path);
    };
  }

  /** A plain blocking server, one virtual thread per connection (JDK 21+). */
  private static AutoCloseable virtualThreads(int port) throws Exception {
    Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    ExecutorService vts = (ExecutorService) m.invoke(null);
    ServerSocket ss = new ServerSocket(port, 1024, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(() -> {
      try {
        for (;;) {
          Socket s = ss.accept();
          s.setTcpNoDelay(true);
          vts.execute(() -> {
            byte[] buf = new byte[16 * 1024];
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
            } catch (Exception ignored) {
              // peer gone
            }
          });
        }
      } catch (Exception closed) {
        // server closed
      }
    }, "jdk-acceptor");
    acceptor.start();
    return () -> {
      ss.close();
      vts.shutdownNow();
    };
  }

  /** True if {@code kind} can run on this JVM/machine. */
  public static boolean available(String kind) {
    return unavailabilityCause(kind) == null;
  }

  /**
   * Why {@code kind} cannot run on this JVM/machine, or null if it can. The C servers ({@code c-*}) are built and
   * probed by the harness, which says why when they cannot run.
   */
  public static String unavailabilityCause(String kind) {
    if (kind.equals("jdk-vthreads")) return Runtime.version().feature() >= 21 ? null : "needs JDK 21+";
    if (kind.startsWith("pulse-epoll") || kind.startsWith("kotlin-")) return cause(Transport.EPOLL);
    if (kind.startsWith("netty-epoll")) return cause(io.netty.channel.epoll.Epoll.unavailabilityCause());
    if (kind.equals("netty-iouring")) return cause(IoUring.unavailabilityCause());
    if (kind.equals("pulse-iouring")) return cause(Transport.IO_URING);
    return null;
  }

  private static String cause(Transport t) {
    Throwable why = io.pulse.internal.poll.Transports.unavailabilityCause(t);
    return why == null ? null : t + " unavailable: " + why;
  }

  private static String cause(Throwable t) {
    return t == null ? null : t.toString();
  }
}

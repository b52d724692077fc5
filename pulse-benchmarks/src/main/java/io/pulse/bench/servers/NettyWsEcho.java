package io.pulse.bench.servers;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/** Netty's WebSocket echo on one epoll loop: the stock HTTP codec and protocol handler, binary frames echoed. */
final class NettyWsEcho {
  private NettyWsEcho() {}

  @ChannelHandler.Sharable
  static final class Echo extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
    Echo() {
      super(false); // the frame is written back, not released here
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
      ctx.write(frame, ctx.voidPromise());
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

  static AutoCloseable start(int port) throws Exception {
    Echo echo = new Echo();
    return EchoServers.nettyTcp(true, port, new ChannelInitializer<SocketChannel>() {
      @Override protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
            new WebSocketServerProtocolHandler("/echo", null, false, 1 << 20), echo);
      }
    });
  }
}

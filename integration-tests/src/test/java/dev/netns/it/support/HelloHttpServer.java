package dev.netns.it.support;

import dev.netns.NetNamespace;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The tutorial's web server: answers every request with 200 and "hello from NAME to CLIENT", where
 * CLIENT is the peer address its accepted connection sees. That address is the point: it shows
 * what NAT did to the source (DNAT keeps it, masquerade rewrites it). MockWebServer, behind the
 * testkit's {@code serveHttp}, does not tell the peer address; the JDK's {@code HttpServer} would
 * have to be created inside the namespace with {@code call}, which starts its dispatcher thread there.
 *
 * <p>So it is Netty (HTTP by netty-codec-http) on a server socket born in the namespace
 * ({@link NetNamespace#openServerSocketChannel()}), with its event loop threads created by the
 * caller's thread, outside every namespace. Start it from the test's thread.
 */
public final class HelloHttpServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private HelloHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Listens on {@code port} (all addresses of {@code ns}) and answers "hello from {@code name} to CLIENT".
     *
     * @throws InterruptedException if interrupted while binding
     */
    public static HelloHttpServer start(NetNamespace ns, String name, int port) throws InterruptedException {
        // One thread accepts and serves: the tests send a handful of requests.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hello-http-" + name),
                NioIoHandler.newFactory());
        // The descriptor is created inside ns on the SDK's thread; Netty only uses it.
        ChannelFactory<ServerChannel> inside = () -> new NioServerSocketChannel(ns.openServerSocketChannel());
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channelFactory(inside)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                    new Hello(name));
                        }
                    })
                    .bind(new InetSocketAddress(port)).sync().channel();
            return new HelloHttpServer(group, channel);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    /** @return the port it listens on */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Closes the listening socket and ends the event loop's thread. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Hello extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String name;

        Hello(String name) {
            this.name = name;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("hello from " + name + " to " + client, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            // One request per connection keeps the server simple, and says so.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

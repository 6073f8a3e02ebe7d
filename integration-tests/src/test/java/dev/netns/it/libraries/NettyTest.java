package dev.netns.it.libraries;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetNamespace;
import dev.netns.it.support.Procfs;
import dev.netns.it.support.TutorialNetworks;
import dev.netns.testkit.Fault;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Netty, unchanged, on sockets born in namespaces: a line echo server in blue and a client in red,
 * each on a channel the SDK opened inside its namespace and handed to Netty's channel factory,
 * with event loops this test creates (outside every namespace). They talk across the bridge,
 * stop talking under a partition, and the connection made before it carries on once it heals.
 */
@NetnsTest
class NettyTest {
    private static final int PORT = 7000;

    @NetworkTopology
    static Topology lan() {
        return TutorialNetworks.lan().build();
    }

    @Test
    void aServerInBlueAndAClientInRedTalkFailUnderAPartitionAndRecover(Network net) throws Exception {
        NetNamespace red = net.host("red");
        NetNamespace blue = net.host("blue");
        // Created by the test's thread: Netty starts their threads from here, outside every namespace.
        EventLoopGroup serverLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-blue"),
                NioIoHandler.newFactory());
        EventLoopGroup clientLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-red"),
                NioIoHandler.newFactory());
        net.closeAtEnd(() -> {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        });

        // The only netns-specific lines: where each channel's descriptor comes from.
        ChannelFactory<ServerSocketChannel> inBlue = () -> new NioServerSocketChannel(blue.openServerSocketChannel());
        ChannelFactory<SocketChannel> inRed = () -> new NioSocketChannel(red.openSocketChannel());

        new ServerBootstrap().group(serverLoop).channelFactory(inBlue)
                .childHandler(lines((ctx, line) -> ctx.writeAndFlush("echo " + line + "\n")))
                .bind(PORT).sync();
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        Bootstrap client = new Bootstrap().group(clientLoop).channelFactory(inRed)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 500)
                .handler(lines((ctx, line) -> replies.add(line)));

        Channel connection = client.connect("192.168.15.2", PORT).sync().channel();
        connection.writeAndFlush("hello\n");
        assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("echo hello");

        try (Fault cut = net.partition("red", "blue")) {
            ChannelFuture attempt = client.connect("192.168.15.2", PORT).awaitUninterruptibly();
            assertThat(attempt.cause()).as("a new connection under the partition").isInstanceOf(ConnectTimeoutException.class);
            connection.writeAndFlush("during\n");
            assertThat(replies.poll(500, TimeUnit.MILLISECONDS)).as("a reply under the partition").isNull();
        }
        // Healed: TCP retransmits the line written during the partition (backing off, so allow
        // some seconds), and new connections work again.
        assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo("echo during");
        Channel again = client.connect("192.168.15.2", PORT).sync().channel();
        again.writeAndFlush("after\n");
        assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("echo after");

        // Netty's threads are running, and none of them is inside red or blue.
        assertThat(Procfs.threadNames()).anyMatch(t -> t.startsWith("netty-blue")).anyMatch(t -> t.startsWith("netty-red"));
        Procfs.assertNoForeignThreadInside(net.namespaceIds());
    }

    /** A pipeline of UTF-8 lines, each handed to {@code onLine} without its line end. */
    private static ChannelInitializer<SocketChannel> lines(LineHandler onLine) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(1024), new StringDecoder(StandardCharsets.UTF_8),
                        new StringEncoder(StandardCharsets.UTF_8), new SimpleChannelInboundHandler<String>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, String line) {
                                onLine.accept(ctx, line);
                            }
                        });
            }
        };
    }

    @FunctionalInterface
    private interface LineHandler {
        void accept(ChannelHandlerContext ctx, String line);
    }
}

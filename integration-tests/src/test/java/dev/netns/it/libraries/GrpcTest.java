package dev.netns.it.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netns.NetNamespace;
import dev.netns.it.support.Procfs;
import dev.netns.it.support.TutorialNetworks;
import dev.netns.testkit.Fault;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gRPC-Java over Netty (grpc-netty-shaded), unchanged, between namespaces: the server's listening
 * socket is born in blue and the client's in red, handed to gRPC through its channel factories;
 * every event loop is created here, outside. A unary call works; under a partition the call ends in
 * DEADLINE_EXCEEDED; once healed, calls on the same channel work again.
 *
 * <p>The service is defined without generated code: a method descriptor with a UTF-8 string
 * marshaller, which is all a unary call needs.
 */
@NetnsTest
class GrpcTest {
    private static final int PORT = 50051;

    /** The marshaller gRPC's generated code would get from protobuf: here, UTF-8 text. */
    private static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final MethodDescriptor<String, String> GREET = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("netns.Greeter", "Greet"))
            .setRequestMarshaller(UTF8)
            .setResponseMarshaller(UTF8)
            .build();

    @NetworkTopology
    static Topology lan() {
        return TutorialNetworks.lan().build();
    }

    @Test
    void aUnaryCallFromRedToBlueTimesOutUnderAPartitionAndWorksOnceHealed(Network net) throws Exception {
        NetNamespace red = net.host("red");
        NetNamespace blue = net.host("blue");
        // The channel type must match the event loop group: NIO channels on NIO groups.
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("grpc-boss"));
        EventLoopGroup workers = new NioEventLoopGroup(1, new DefaultThreadFactory("grpc-blue"));
        EventLoopGroup clientLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("grpc-red"));
        net.closeAtEnd(() -> {
            for (EventLoopGroup g : new EventLoopGroup[] {clientLoop, workers, boss}) {
                g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        });

        ServerServiceDefinition greeter = ServerServiceDefinition.builder("netns.Greeter")
                .addMethod(GREET, ServerCalls.asyncUnaryCall((name, reply) -> {
                    reply.onNext("hello " + name + ", from blue");
                    reply.onCompleted();
                }))
                .build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(PORT))
                .channelFactory(() -> new NioServerSocketChannel(blue.openServerSocketChannel()))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .addService(greeter)
                .build()
                .start();
        net.closeAtEnd(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));

        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("192.168.15.2", PORT))
                .channelFactory(() -> new NioSocketChannel(red.openSocketChannel()))
                .eventLoopGroup(clientLoop)
                .usePlaintext()
                .build();
        net.closeAtEnd(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));

        assertThat(greet(channel, "red", Duration.ofSeconds(5))).isEqualTo("hello red, from blue");

        try (Fault cut = net.partition("red", "blue")) {
            assertThatThrownBy(() -> greet(channel, "red", Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        }
        // Healed: the same channel carries calls again (its connection survived, TCP retransmits).
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> greet(channel, "red again", Duration.ofSeconds(2)), "hello red again, from blue"::equals);

        assertThat(Procfs.threadNames()).anyMatch(t -> t.startsWith("grpc-blue")).anyMatch(t -> t.startsWith("grpc-red"));
        Procfs.assertNoForeignThreadInside(net.namespaceIds());
    }

    private static String greet(ManagedChannel channel, String name, Duration deadline) {
        return ClientCalls.blockingUnaryCall(channel, GREET,
                CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), name);
    }
}

package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netns.NamespaceClosedException;
import dev.netns.NetNamespace;
import dev.netns.it.support.Procfs;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The socket primitives of {@link NetNamespace} (rule 5 of DESIGN.md: sockets are born inside,
 * threads stay outside) at the edges: many open/close cycles leave no descriptor and no thread
 * behind and put no thread into the namespace; a closed namespace, an address that is not the
 * namespace's and a port in use each fail with a message that names what went wrong where.
 */
class SocketPrimitivesTest extends StackTestSupport {
    private static final int CYCLES = 1000;

    /**
     * Each primitive, opened (and for servers bound, as libraries use them) and closed, by the
     * name of the operation its messages give.
     */
    private static final Map<String, ThrowingConsumer<NetNamespace>> PRIMITIVES = Map.of(
            "NetNamespace.openSocketChannel", ns -> ns.openSocketChannel().close(),
            "NetNamespace.openServerSocketChannel", ns -> ns.openServerSocketChannel()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).close(),
            "NetNamespace.openDatagramChannel", ns -> ns.openDatagramChannel().close(),
            "SocketFactory.createSocket", ns -> ns.socketFactory().createSocket().close(),
            "ServerSocketFactory.createServerSocket", ns -> ns.serverSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress()).close());

    @Test
    void thousandsOfOpenCloseCyclesLeaveNoDescriptorAndNoThreadInside() throws Throwable {
        try (NetNamespace ns = stack.createNamespace(P + "sockets")) {
            for (Map.Entry<String, ThrowingConsumer<NetNamespace>> p : PRIMITIVES.entrySet()) {
                // One warm-up cycle: the first use loads NIO classes and may open the JVM's own
                // long-lived descriptors; what must not grow is the count from then on.
                p.getValue().accept(ns);
                int fds = Procfs.steadyOpenFds(stack);
                int threads = Procfs.threadCount();
                for (int i = 0; i < CYCLES; i++) {
                    p.getValue().accept(ns);
                }
                // Polled on this thread: Awaitility's own poller thread would be counted otherwise.
                await().pollInSameThread().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(Procfs.openFds()).as("open descriptors after %d x %s", CYCLES, p.getKey()).isEqualTo(fds);
                    assertThat(Procfs.threadCount()).as("JVM threads after %d x %s", CYCLES, p.getKey())
                            .isLessThanOrEqualTo(threads);
                });
                assertThat(Procfs.foreignThreadsInside(List.of(ns.id()))).as("threads inside after %s", p.getKey()).isEmpty();
            }
        }
    }

    @Test
    void aClosedNamespaceRefusesEverySocketNamingItselfAndTheOperation() {
        String name = P + "closed";
        NetNamespace ns = stack.createNamespace(name);
        ns.close();
        for (Map.Entry<String, ThrowingConsumer<NetNamespace>> p : PRIMITIVES.entrySet()) {
            assertThatThrownBy(() -> p.getValue().accept(ns)).as(p.getKey())
                    .satisfies(e -> {
                        // The channel methods throw it; the factories, bound by the JDK's
                        // signatures to IOException, carry it as the cause.
                        Throwable closed = e instanceof NamespaceClosedException ? e : e.getCause();
                        assertThat(closed).isInstanceOf(NamespaceClosedException.class);
                        assertThat(closed.getMessage()).contains(name).contains(name, p.getKey());
                    });
        }
    }

    @Test
    void bindingAnAddressTheNamespaceDoesNotHaveNamesTheNamespaceAndTheAddress() throws IOException {
        String name = P + "bind";
        try (NetNamespace ns = stack.createNamespace(name)) {
            // 192.0.2.1 (TEST-NET-1) is on none of the namespace's links: nothing is sent anywhere.
            assertThatThrownBy(() -> ns.serverSocketFactory().createServerSocket(8080, 50, InetAddress.getByName("192.0.2.1")))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(name)
                    .hasMessageContaining("192.0.2.1:8080");
        }
    }

    @Test
    void aPortInUseNamesThePort() throws IOException {
        try (NetNamespace ns = stack.createNamespace(P + "inuse");
                ServerSocket first = ns.serverSocketFactory().createServerSocket(8080, 50, InetAddress.getLoopbackAddress())) {
            assertThat(first.getLocalPort()).isEqualTo(8080);
            assertThatThrownBy(() -> ns.serverSocketFactory().createServerSocket(8080, 50, InetAddress.getLoopbackAddress()))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("127.0.0.1:8080")
                    .hasMessageContaining(P + "inuse");
        }
        assertThat(Ip.netnsList()).doesNotContain(P + "inuse");
    }
}

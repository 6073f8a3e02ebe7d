package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netns.NetNamespace;
import dev.netns.VethPair;
import dev.netns.it.support.Procfs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every descriptor the SDK opens for a namespace (the namespace fd, its netlink socket, ping's raw
 * sockets, exec's temp files) is closed with it: after many create/use/close cycles the JVM has
 * exactly as many open descriptors, and as many threads, as before.
 */
class DescriptorLeakTest extends StackTestSupport {
    private static final int ANONYMOUS_CYCLES = 1000;
    private static final int NAMED_CYCLES = 100;
    /** exec spawns a process (~ms each); every Nth cycle is enough to catch a per-exec leak. */
    private static final int EXEC_EVERY = 50;

    @Test
    void anonymousCyclesReturnToTheStartingDescriptorCount() throws Exception {
        // Warm-up: JDK classes, NIO's selector provider, the process reaper, the pinger's buffers
        // and JNA's native library are loaded once and keep their descriptors for the JVM's life.
        for (int i = 0; i < 20; i++) {
            cycle(stack.createAnonymousNamespace(), i, true);
        }
        int fds = Procfs.steadyOpenFds(stack);
        int threads = Procfs.threadCount();
        String threadsBefore = Procfs.threadNames().toString();
        for (int i = 0; i < ANONYMOUS_CYCLES; i++) {
            cycle(stack.createAnonymousNamespace(), i, i % EXEC_EVERY == 0);
        }
        // Descriptors exact: nothing the SDK opens may outlive its namespace. Threads may only
        // shrink (a JDK pool thread idling out is no leak); thread exit is asynchronous.
        // Polled on this thread: Awaitility's own poller thread would be counted otherwise.
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            // At most the starting count: another test class's socket that the JVM closes late
            // (in this same run) may lower it, but nothing of these cycles may raise it.
            assertThat(Procfs.openFds()).as("open descriptors after %d cycles", ANONYMOUS_CYCLES).isLessThanOrEqualTo(fds);
            assertThat(Procfs.threadCount()).as("JVM threads after %d cycles: %s", ANONYMOUS_CYCLES,
                    Procfs.threadNames() + " (before: " + threadsBefore + ")").isLessThanOrEqualTo(threads);
        });
    }

    @Test
    void namedCyclesLeaveNoDescriptorsAndNoNames() throws Exception {
        String prefix = Procfs.uniquePrefix();
        cycle(stack.createNamespace(prefix + "warm"), 0, true);
        int fds = Procfs.steadyOpenFds(stack);
        for (int i = 0; i < NAMED_CYCLES; i++) {
            cycle(stack.createNamespace(prefix + i), i, i % EXEC_EVERY == 0);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Procfs.openFds()).as("open descriptors after %d named cycles", NAMED_CYCLES).isLessThanOrEqualTo(fds));
        assertThat(Ip.netnsList()).noneMatch(n -> n.startsWith(prefix));
        assertThat(stack.namespaceNames()).noneMatch(n -> n.startsWith(prefix));
        try (var files = Files.list(Path.of("/run/netns"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(prefix));
        }
    }

    /** Create, use everything that opens a descriptor or starts a thread, close. */
    private static void cycle(NetNamespace ns, int i, boolean exec) throws Exception {
        try (ns) {
            VethPair v = ns.createVeth("a0", "b0");
            v.local().addAddress("10.80.0.1/24").up();
            v.peer().up();
            ns.links();
            ns.routes();
            ns.sysctl("net.ipv4.ip_forward");
            int port = ns.call(() -> {
                try (ServerSocketChannel s = ServerSocketChannel.open()) {
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    return ((InetSocketAddress) s.getLocalAddress()).getPort();
                }
            });
            assertThat(port).isPositive();
            assertThat(ns.ping("127.0.0.1").reachable()).as("ping lo in cycle %d", i).isTrue();
            if (exec) {
                assertThat(ns.exec("true").exitCode()).isZero();
            }
        }
    }
}

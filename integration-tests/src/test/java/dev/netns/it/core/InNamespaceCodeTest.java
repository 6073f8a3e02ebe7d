package dev.netns.it.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NetNamespace;
import dev.netns.VethPair;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Java code run with call(): sockets stay in their namespace; sysctls belong to one namespace only. */
class InNamespaceCodeTest extends StackTestSupport {
    @Test
    void serverInRedAcceptsClientFromBlueOverVeth() throws Exception {
        try (NetNamespace red = stack.createAnonymousNamespace(); NetNamespace blue = stack.createAnonymousNamespace();
                NetNamespace green = stack.createAnonymousNamespace()) {
            VethPair cable = red.createVeth("veth-red", "veth-blue", blue);
            cable.local().addAddress("192.168.15.1/24").up();
            cable.peer().addAddress("192.168.15.2/24").up();
            InetAddress redIp = InetAddress.getByName("192.168.15.1");

            // open() creates the descriptor at once, on red's thread: the socket is red's.
            ServerSocketChannel server = red.call(() -> ServerSocketChannel.open().bind(new InetSocketAddress(redIp, 0), 4));
            try (server) {
                int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                try (SocketChannel client = blue.call(() -> SocketChannel.open(new InetSocketAddress(redIp, port)));
                        SocketChannel accepted = red.call(server::accept)) {
                    assertThat(((InetSocketAddress) accepted.getRemoteAddress()).getAddress().getHostAddress())
                            .isEqualTo("192.168.15.2");
                    // Data flows both ways from the test thread: an open socket works from any thread.
                    client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                    assertThat(read(accepted, 4)).isEqualTo("ping");
                    accepted.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
                    assertThat(read(client, 4)).isEqualTo("pong");
                }
                // A namespace without the cable cannot reach the server: it is only in red.
                boolean reached = green.call(() -> {
                    try (SocketChannel c = SocketChannel.open()) {
                        c.connect(new InetSocketAddress(redIp, port));
                        return true;
                    } catch (java.io.IOException expected) {
                        return false; // network unreachable: green has no route at all
                    }
                });
                assertThat(reached).isFalse();
            }
        }
    }

    @Test
    void sysctlChangesOnlyItsOwnNamespace() {
        NetNamespace host = stack.initialNamespace();
        // Read-only on the machine's own namespace, before and after.
        String hostForward = host.sysctl("net.ipv4.ip_forward");
        try (NetNamespace red = stack.createAnonymousNamespace(); NetNamespace blue = stack.createAnonymousNamespace()) {
            red.createVeth("v0", "v1", blue);
            assertThat(red.sysctl("net.ipv4.ip_forward")).isEqualTo("0");
            red.setSysctl("net.ipv4.ip_forward", "1");
            red.setSysctl("net.ipv4.conf.v0.route_localnet", "1");
            red.setSysctl("net/ipv6/conf/v0/disable_ipv6", "1");
            assertThat(red.sysctl("net.ipv4.ip_forward")).isEqualTo("1");
            assertThat(red.sysctl("net.ipv4.conf.v0.route_localnet")).isEqualTo("1");
            assertThat(red.sysctl("net.ipv6.conf.v0.disable_ipv6")).isEqualTo("1");
            // An independent reader inside red (a process) sees the same value.
            assertThat(red.exec("cat", "/proc/sys/net/ipv4/ip_forward").orThrow().stdout()).isEqualTo("1\n");
            assertThat(blue.sysctl("net.ipv4.ip_forward")).isEqualTo("0");
            assertThat(blue.sysctl("net.ipv4.conf.v1.route_localnet")).isEqualTo("0");
            assertThat(blue.exec("cat", "/proc/sys/net/ipv4/ip_forward").orThrow().stdout()).isEqualTo("0\n");
            assertThat(host.sysctl("net.ipv4.ip_forward")).isEqualTo(hostForward);
            red.setSysctl("net.ipv4.ip_forward", "0");
            assertThat(red.sysctl("net.ipv4.ip_forward")).isEqualTo("0");
        }
        assertThat(host.sysctl("net.ipv4.ip_forward")).isEqualTo(hostForward);
    }

    @Test
    void aSysctlIsKeptOpenInItsNamespaceUsedFromAnyThreadAndClosedWithTheHandle() throws Exception {
        String file = "/proc/sys/net/ipv4/conf/v0/route_localnet";
        try (NetNamespace red = stack.createAnonymousNamespace(); NetNamespace blue = stack.createAnonymousNamespace()) {
            red.createVeth("v0", "v1", blue);
            blue.createVeth("v0", "v2"); // blue has a v0 of its own
            long before = fdsOn(file);
            red.setSysctl("net.ipv4.conf.v0.route_localnet", "1");
            assertThat(red.sysctl("net.ipv4.conf.v0.route_localnet")).isEqualTo("1");
            assertThat(fdsOn(file) - before).as("one descriptor for writing, one for reading").isEqualTo(2);
            // From a thread that never entered red, through the kept descriptors: red's setting, not blue's.
            java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                other.submit(() -> red.setSysctl("net.ipv4.conf.v0.route_localnet", "0")).get();
                other.submit(() -> red.setSysctl("net.ipv4.conf.v0.route_localnet", "1")).get();
                blue.setSysctl("net.ipv4.conf.v0.route_localnet", "0");
                assertThat(other.submit(() -> red.sysctl("net.ipv4.conf.v0.route_localnet")).get()).isEqualTo("1");
            } finally {
                other.shutdown();
            }
            assertThat(red.exec("cat", file).orThrow().stdout()).isEqualTo("1\n");
            assertThat(blue.exec("cat", file).orThrow().stdout()).isEqualTo("0\n");
            assertThat(fdsOn(file) - before).as("one per handle and direction: red's two and blue's one").isEqualTo(3);
            red.close();
            assertThat(fdsOn(file) - before).as("red's closed with red's handle").isEqualTo(1);
            blue.close();
            assertThat(fdsOn(file)).isEqualTo(before);
        }
    }

    @Test
    void aSettingOfARenamedDeviceIsOpenedAgainUnderItsName() {
        try (NetNamespace red = stack.createAnonymousNamespace()) {
            red.createVeth("d0", "d1");
            red.setSysctl("net.ipv4.conf.d0.forwarding", "1");
            assertThat(red.sysctl("net.ipv4.conf.d0.forwarding")).isEqualTo("1");
            // The kernel registers a renamed device's settings anew: the kept files answer no more.
            red.link("d0").rename("d2");
            // A new device copies conf/default, which a new namespace copies from the machine's.
            red.setSysctl("net.ipv4.conf.default.forwarding", "0");
            red.createVeth("d0", "d3");
            assertThat(red.sysctl("net.ipv4.conf.d0.forwarding")).as("the new d0's, not the kept file's").isEqualTo("0");
            red.setSysctl("net.ipv4.conf.d0.forwarding", "1");
            red.setSysctl("net.ipv4.conf.d2.forwarding", "0");
            assertThat(red.exec("cat", "/proc/sys/net/ipv4/conf/d0/forwarding").orThrow().stdout()).isEqualTo("1\n");
            assertThat(red.exec("cat", "/proc/sys/net/ipv4/conf/d2/forwarding").orThrow().stdout()).isEqualTo("0\n");
            // A device that is gone: its setting is not there, kept file or not.
            red.link("d2").delete();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> red.setSysctl("net.ipv4.conf.d2.forwarding", "1"))
                    .isInstanceOf(dev.netns.NotFoundException.class).hasMessageContaining("d2");
        }
    }

    @Test
    void aRefusedValueIsTheKernelsAnswerAndOtherSubtreesAreNotKept() throws Exception {
        try (NetNamespace red = stack.createAnonymousNamespace(); NetNamespace blue = stack.createAnonymousNamespace()) {
            String forward = "/proc/sys/net/ipv4/ip_forward";
            long before = fdsOn(forward);
            red.setSysctl("net.ipv4.ip_forward", "1");
            for (int i = 0; i < 2; i++) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> red.setSysctl("net.ipv4.ip_forward", "abc"))
                        .isExactlyInstanceOf(dev.netns.KernelException.class).hasMessageContaining("net.ipv4.ip_forward=abc")
                        .hasMessageContaining("refused the value");
            }
            // ENOENT is how the kernel refuses an unknown algorithm: not a missing setting.
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> red.setSysctl("net.ipv4.tcp_congestion_control", "no-such-algorithm"))
                    .isExactlyInstanceOf(dev.netns.KernelException.class).hasMessageContaining("ENOENT")
                    .hasMessageContaining("refused the value");
            assertThat(red.sysctl("net.ipv4.ip_forward")).isEqualTo("1");
            assertThat(fdsOn(forward) - before).as("kept through the refusals: one to write, one to read").isEqualTo(2);
            // net.core is read and written inside the namespace each time, and nothing is kept.
            String somaxconn = "/proc/sys/net/core/somaxconn";
            String blueBefore = blue.sysctl("net.core.somaxconn");
            java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                other.submit(() -> red.setSysctl("net.core.somaxconn", "77")).get();
                assertThat(other.submit(() -> red.sysctl("net.core.somaxconn")).get()).isEqualTo("77");
            } finally {
                other.shutdown();
            }
            assertThat(red.exec("cat", somaxconn).orThrow().stdout()).isEqualTo("77\n");
            assertThat(blue.sysctl("net.core.somaxconn")).isEqualTo(blueBefore);
            assertThat(fdsOn(somaxconn)).isZero();
        }
    }

    /** Descriptors of this JVM on {@code file} (a /proc/sys path, whatever namespace it shows). */
    private static long fdsOn(String file) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString().equals(file);
                } catch (java.io.IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    private static String read(SocketChannel ch, int n) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                break;
            }
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
    }
}

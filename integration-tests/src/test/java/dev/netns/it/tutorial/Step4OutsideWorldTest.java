package dev.netns.it.tutorial;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.Route;
import dev.netns.testkit.Host;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Step 4 of the tutorial: the outside world. A default route via the bridge's 192.168.15.5 in
 * each namespace, IP forwarding on in the host, and
 * {@code iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE}. The outside is the
 * namespace {@code wan} (203.0.113.1), cabled to the host's 203.0.113.2: no packet leaves the
 * test's namespaces.
 */
@NetnsTest
class Step4OutsideWorldTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    /** Step 3's result, plus the simulated outside world. */
    @NetworkTopology
    static Topology lanAndWan() {
        return Topology.builder()
                .host("red").host("blue").host("wan")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("red", "v-net-0", "192.168.15.1/24")
                .link("blue", "v-net-0", "192.168.15.2/24")
                .link(Topology.SANDBOX, "203.0.113.2/24", "wan", "203.0.113.1/24")
                .build();
    }

    @Test
    void redReachesTheOutsideOnlyWithDefaultRouteForwardingAndMasquerade(@Host("red") NetNamespace red,
            @Host("blue") NetNamespace blue, @Host(Topology.SANDBOX) NetNamespace host, Network net) throws IOException {
        // A service in the outside world; the test accepts its connections and sees who calls.
        ServerSocketChannel outside = net.listenTcp("wan", 80);
        assertThat(red).eventually(Duration.ofSeconds(3)).canPing("192.168.15.5");
        assertThat(host).eventually(Duration.ofSeconds(3)).canPing("203.0.113.1");

        // Before the default route red has no way out at all.
        assertThat(red).withTimeout(SHORT).cannotPing("203.0.113.1");

        // ip netns exec red ip route add default via 192.168.15.5 (and the same for blue)
        red.addRoute(Route.defaultVia("192.168.15.5"));
        blue.addRoute(Route.defaultVia("192.168.15.5"));
        // Routed out, but the host does not forward yet.
        assertThat(red).withTimeout(SHORT).cannotPing("203.0.113.1");

        // sysctl -w net.ipv4.ip_forward=1 (in the host)
        host.setSysctl("net.ipv4.ip_forward", "1");
        assertThat(host.sysctl("net.ipv4.ip_forward")).isEqualTo("1");
        // Forwarded, but wan has no route back to 192.168.15.0/24: its answer never leaves.
        // (TCP, so each attempt is a new connection that the MASQUERADE below will see as new.)
        assertThat(red).withTimeout(SHORT).cannotConnect("203.0.113.1", 80);

        // iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE
        host.nat().apply(NatRule.masquerade("192.168.15.0/24"));

        assertThat(red).canPing("203.0.113.1");
        assertThat(blue).canPing("203.0.113.1");
        assertThat(red).usingBinaries().canPing("203.0.113.1");
        // The outside sees the host's address, not red's: that is what MASQUERADE does.
        try (SocketChannel client = red.openSocketChannel()) {
            client.connect(new InetSocketAddress("203.0.113.1", 80));
            try (SocketChannel seen = outside.accept()) {
                assertThat(((InetSocketAddress) seen.getRemoteAddress()).getAddress().getHostAddress())
                        .isEqualTo("203.0.113.2");
            }
        }
        // Traffic inside the LAN is switched, not routed, so it keeps its addresses.
        assertThat(red).canPing("192.168.15.2");
    }
}

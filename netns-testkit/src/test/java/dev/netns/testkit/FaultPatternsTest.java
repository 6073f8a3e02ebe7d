package dev.netns.testkit;

import static dev.netns.testkit.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.Impairment;
import dev.netns.InvalidInputException;
import dev.netns.NetNamespace;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The testkit's impairments and partition patterns on five hosts of one bridge: delay (this
 * kernel has no netem: the SDK's userspace emulation does it), one-way latency, group partitions,
 * Jepsen's patterns and connect-time faults, each proven with traffic and healed.
 */
@NetnsTest
class FaultPatternsTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @NetworkTopology
    static Topology five() {
        Topology.Builder b = Topology.builder().bridge("br0", "10.30.0.254/24");
        for (int i = 1; i <= 5; i++) {
            b.host("n" + i).link("n" + i, "br0", "10.30.0." + i + "/24");
        }
        return b.build();
    }

    @Test
    void delayWorksOnThisKernelInOneDirectionAndHeals(Network net) {
        assertThat(net.supportsDelay()).isTrue();
        NetNamespace n1 = net.host("n1");
        assertThat(n1).eventually(Duration.ofSeconds(3)).canPing(net.address("n2"));
        try (Fault slow = net.delay("n1-br0", Duration.ofMillis(50), Duration.ZERO)) {
            // n1's way out waits 50 ms; the way back does not
            assertThat(roundTripMillis(n1, net.address("n2"))).isBetween(50L, 90L);
            assertThat(slow.toString()).contains("delay 50 ms");
        }
        assertThat(roundTripMillis(n1, net.address("n2"))).isLessThan(20L);
    }

    @Test
    void jitterSpreadsTheRoundTrips(Network net) {
        NetNamespace n1 = net.host("n1");
        assertThat(n1).eventually(Duration.ofSeconds(3)).canPing(net.address("n2"));
        try (Fault jittery = net.impairFrom("n1", "n1-br0",
                Impairment.builder().delay(Duration.ofMillis(40)).jitter(Duration.ofMillis(20)).seed(5).build())) {
            List<Long> rtts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rtts.add(roundTripMillis(n1, net.address("n2")));
            }
            rtts.sort(null);
            assertThat(rtts.get(0)).as("%s", rtts).isGreaterThanOrEqualTo(20L);
            assertThat(rtts.get(rtts.size() - 1) - rtts.get(0)).as("spread of %s", rtts).isGreaterThanOrEqualTo(10L);
        }
    }

    @Test
    void groupsAreCutApartAndEachKeepsItsOwnLinks(Network net) {
        try (Fault split = net.partition(Set.of("n1", "n2"), Set.of("n3", "n4", "n5"))) {
            assertThat(net.host("n1")).canPing(net.address("n2"));
            assertThat(net.host("n3")).canPing(net.address("n5"));
            assertThat(net.host("n1")).withTimeout(SHORT).cannotPing(net.address("n4"));
            assertThat(net.host("n5")).withTimeout(SHORT).cannotPing(net.address("n2"));
        }
        assertThat(net.host("n1")).eventually(Duration.ofSeconds(2)).canPing(net.address("n4"));
        try (Fault alone = net.isolate("n3")) {
            assertThat(net.host("n3")).withTimeout(SHORT).cannotPing(net.address("n1"));
            assertThat(net.host("n1")).canPing(net.address("n2"));
        }
    }

    @Test
    void jepsensBridgeAndMajoritiesRing(Network net) {
        List<String> hosts = List.of("n1", "n2", "n3", "n4", "n5");
        try (Fault bridge = net.partitionBridge(hosts)) {
            assertThat(net.host("n3")).canPing(net.address("n1")).canPing(net.address("n5"));
            assertThat(net.host("n1")).withTimeout(SHORT).cannotPing(net.address("n5"));
        }
        try (Fault ring = net.partitionMajoritiesRing(hosts)) {
            // each host reaches its ring neighbours (with itself a majority of 3), no one else
            assertThat(net.host("n1")).canPing(net.address("n2")).canPing(net.address("n5"));
            assertThat(net.host("n1")).withTimeout(SHORT).cannotPing(net.address("n3"));
            assertThat(net.host("n2")).canPing(net.address("n3"));
            assertThat(net.host("n2")).withTimeout(SHORT).cannotPing(net.address("n4"));
        }
        assertThatThrownBy(() -> net.partitionMajoritiesRing(List.of("n1", "n2", "n3")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 5");
        assertThatThrownBy(() -> net.partition(Set.of("n1"), Set.of("nobody"))).hasMessageContaining("no host \"nobody\"");
    }

    @Test
    void connectFaultsFailNewConnectionsAndSpareEstablishedOnes(Network net) throws Exception {
        net.listenTcp("n2", 7000); // for the probes: their connections pile up unaccepted
        ServerSocketChannel server = net.listenTcp("n2", 7001); // for the one established connection
        NetNamespace n1 = net.host("n1");
        assertThat(n1).eventually(Duration.ofSeconds(3)).canConnect(net.address("n2"), 7000);
        try (SocketChannel established = n1.openSocketChannel()) {
            established.connect(new InetSocketAddress(net.address("n2"), 7001));
            try (SocketChannel accepted = server.accept()) {
                try (Fault reset = net.resetNewConnections("n1", "n2")) {
                    assertThat(Probes.connect(n1, net.address("n2"), 7000, Duration.ofSeconds(1)).failure())
                            .isEqualTo("connection refused");
                    echo(established, accepted); // the established connection goes on
                }
                try (Fault drop = net.dropNewConnections("n1", "n2")) {
                    assertThat(Probes.connect(n1, net.address("n2"), 7000, SHORT).failure()).startsWith("timeout");
                    echo(established, accepted);
                }
                try (Fault cut = net.partition(Set.of("n1"), Set.of("n2"), Network.Cut.NEW_CONNECTIONS)) {
                    assertThat(n1).withTimeout(SHORT).cannotConnect(net.address("n2"), 7000);
                    echo(established, accepted);
                }
            }
        }
        assertThat(n1).canConnect(net.address("n2"), 7000);
    }

    private static void echo(SocketChannel from, SocketChannel to) throws Exception {
        from.write(ByteBuffer.wrap(new byte[] {42}));
        ByteBuffer in = ByteBuffer.allocate(1);
        to.socket().setSoTimeout(2_000);
        assertThat(to.socket().getInputStream().read()).isEqualTo(42);
        in.clear();
    }

    private static long roundTripMillis(NetNamespace from, String to) {
        dev.netns.PingResult r = from.ping(dev.netns.IpPrefix.parseAddress(to), Duration.ofSeconds(2));
        assertThat(r.reachable()).as("%s", r).isTrue();
        return r.roundTrip().toMillis();
    }
}

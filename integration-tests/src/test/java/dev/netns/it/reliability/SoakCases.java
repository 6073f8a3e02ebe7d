package dev.netns.it.reliability;

import static dev.netns.testkit.NetAssertions.assertThat;

import dev.netns.Impairment;
import dev.netns.NatRule;
import dev.netns.NetNamespace;
import dev.netns.testkit.Fault;
import dev.netns.testkit.Host;
import dev.netns.testkit.NetnsTest;
import dev.netns.testkit.Network;
import dev.netns.testkit.NetworkTopology;
import dev.netns.testkit.Topology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The soak's sequential cases, run by {@link SoakTest} through the engine (not by Surefire: the
 * class name does not end in Test). Each test gets the tutorial's network: red and blue on a
 * bridge in the sandbox, which masquerades them towards wan and forwards wan's port 80 to blue.
 * How each method must end is in {@link SoakPlan}.
 */
@NetnsTest
class SoakCases {
    private static final Duration SHORT = Duration.ofMillis(150);
    private static final String RED = "192.168.15.1";
    private static final String BLUE = "192.168.15.2";
    private static final String WAN = "203.0.113.1";

    @NetworkTopology
    static Topology tutorial() {
        return Topology.builder()
                .host("red").host("blue").host("wan")
                .bridge("v-net-0", "192.168.15.5/24")
                .link("red", "v-net-0", RED + "/24")
                .link("blue", "v-net-0", BLUE + "/24")
                .link(Topology.SANDBOX, "203.0.113.2/24", "wan", WAN + "/24")
                .defaultRoute("red", "192.168.15.5")
                .defaultRoute("blue", "192.168.15.5")
                .forwarding(Topology.SANDBOX)
                .nat(NatRule.masquerade("192.168.15.0/24"))
                .nat(NatRule.portForward(NatRule.Protocol.TCP, 80, BLUE, 80))
                .build();
    }

    static IntStream passes() {
        return SoakPlan.PASSES.rounds();
    }

    /** Every fault kind in turn; each one is seen to bite, then healed and seen gone. */
    @ParameterizedTest
    @MethodSource
    void passes(int round, @Host("red") NetNamespace red, @Host("wan") NetNamespace wan, Network net) {
        switch (round % 10) {
            case 0 -> {
                net.serveHttp("blue", 80, 200, "hello from blue");
                assertThat(red).canPing(WAN);
                assertThat(wan).httpGet("http://203.0.113.2/").hasStatus(200).bodyContains("hello from blue");
            }
            case 1 -> bites(net.partition("red", "blue"), red);
            case 2 -> bites(net.partitionOneWay("red", "blue"), red);
            case 3 -> bites(net.isolate("blue"), red);
            case 4 -> bites(net.packetLoss("blue", 1.0), red);
            case 5 -> {
                try (Fault slow = net.delay("red-v-net-0", Duration.ofMillis(60), Duration.ZERO)) {
                    assertThat(red).withTimeout(Duration.ofMillis(30)).cannotPing(BLUE);
                    assertThat(red).canPing(BLUE);
                }
            }
            case 6 -> {
                net.listenTcp("blue", 5432);
                try (Fault drop = net.dropNewConnections("red", "blue")) {
                    assertThat(red).withTimeout(SHORT).cannotConnect(BLUE, 5432);
                    assertThat(red).canPing(BLUE);
                }
                assertThat(red).canConnect(BLUE, 5432);
            }
            case 7 -> {
                net.listenTcp("blue", 5432);
                try (Fault reset = net.resetNewConnections("red", "blue")) {
                    assertThat(red).withTimeout(SHORT).cannotConnect(BLUE, 5432);
                }
                assertThat(red).canConnect(BLUE, 5432);
            }
            case 8 -> bites(net.impair("red-v-net-0", Impairment.builder().loss(1.0).build()), red);
            default -> bites(net.linkDown("red-v-net-0"), red);
        }
    }

    private static void bites(Fault fault, NetNamespace red) {
        try (fault) {
            assertThat(red).withTimeout(SHORT).cannotPing(BLUE);
        }
        assertThat(red).canPing(BLUE);
    }

    static IntStream serviceThrows() {
        return SoakPlan.SERVICE_THROWS.rounds();
    }

    @ParameterizedTest
    @MethodSource
    void serviceThrows(int round, @Host("wan") NetNamespace wan, Network net) {
        net.serveHttp("blue", 80, request -> {
            throw new IllegalStateException("soak round " + round + ": the responder fails on purpose");
        });
        assertThat(wan).httpGet("http://203.0.113.2/").hasStatus(500);
    }

    static IntStream assertionFails() {
        return SoakPlan.ASSERTION_FAILS.rounds();
    }

    @ParameterizedTest
    @MethodSource
    void assertionFails(int round, @Host("red") NetNamespace red, Network net) {
        net.partition("red", "blue"); // left in force: teardown removes it with the network
        assertThat(red).withTimeout(SHORT).canPing(BLUE);
    }

    static IntStream throwsException() {
        return SoakPlan.THROWS.rounds();
    }

    @ParameterizedTest
    @MethodSource
    void throwsException(int round, Network net) {
        net.listenTcp("blue", 7);
        throw new IllegalStateException("soak round " + round + ": the test throws on purpose");
    }

    static IntStream timesOut() {
        return SoakPlan.TIMES_OUT.rounds();
    }

    @ParameterizedTest
    @MethodSource
    @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
    void timesOut(int round, @Host("red") NetNamespace red, Network net) throws IOException {
        net.listenTcp("blue", 9000); // accepts in the kernel, never writes
        try (SocketChannel c = red.openSocketChannel()) {
            c.connect(new InetSocketAddress(BLUE, 9000));
            c.read(ByteBuffer.allocate(1)); // until JUnit's timeout interrupts it
        }
    }

    static IntStream aborted() {
        return SoakPlan.ABORTED.rounds();
    }

    @ParameterizedTest
    @MethodSource
    void aborted(int round, @Host("red") NetNamespace red) {
        assertThat(red).canPing(BLUE);
        Assumptions.assumeTrue(false, "soak round " + round + ": aborted on purpose");
    }
}
